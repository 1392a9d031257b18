// A js-libp2p 2.10 peer for Bzzz's interop tests and benchmark.
// Usage: node js-peer.mjs [--listen MA]... [--no-ping] [--lenient-monitor]
// Prints "listen <multiaddr>" per address, then "ready"; events and command replies as JSON lines.
// Commands on stdin, one per line:
//   dial MA                      -> {"cmd":"dial","ok":true,"peer":...}
//   ping MA [N]                  -> {"cmd":"ping","ok":true,"rtts":[ms...]}
//   echo MA STREAMS BYTES        -> {"cmd":"echo","ok":true,"streams":S,"bytes":B,"ms":T}
//   conns                        -> {"cmd":"conns","conns":[{"peer","dir","status","remote"}]}
//   hangup PEER                  -> {"cmd":"hangup","ok":true}
//   stop                         -> stops the node and exits 0
// Events: {"event":"connect"|"disconnect","peer"} and {"event":"identify",...}.
import './node20-polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import readline from 'node:readline'

export const ECHO = '/bzzz/echo/1.0.0'
const STREAM_LIMITS = { maxInboundStreams: 1024, maxOutboundStreams: 1024 }

const listen = []
let withPing = true
let abortOnPingFailure = true
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--listen') listen.push(process.argv[++i])
  if (process.argv[i] === '--no-ping') withPing = false
  // bulk transfers queue the monitor's ping behind megabytes of window on one TCP connection;
  // with this flag the monitor still pings every 10 s but a late answer does not abort
  if (process.argv[i] === '--lenient-monitor') abortOnPingFailure = false
}
if (listen.length === 0) listen.push('/ip4/127.0.0.1/tcp/0')

const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

const node = await createLibp2p({
  addresses: { listen },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionManager: {
    inboundConnectionThreshold: 1000,
    maxIncomingPendingConnections: 1000,
    // js keeps this signal on lazily negotiated streams, so it also caps an echo's duration
    inboundStreamProtocolNegotiationTimeout: 600_000
  },
  services: withPing ? { identify: identify(), ping: ping() } : { identify: identify() },
  connectionMonitor: { enabled: withPing, abortConnectionOnPingFailure: abortOnPingFailure }
})

await node.handle(ECHO, async ({ stream }) => {
  try {
    await stream.sink(stream.source)
  } catch (err) {
    stream.abort(err)
  }
}, STREAM_LIMITS)

node.addEventListener('peer:connect', (e) => out({ event: 'connect', peer: e.detail.toString() }))
node.addEventListener('peer:disconnect', (e) => out({ event: 'disconnect', peer: e.detail.toString() }))
node.addEventListener('peer:identify', (e) => {
  const r = e.detail
  out({
    event: 'identify',
    peer: r.peerId.toString(),
    agentVersion: r.agentVersion,
    protocolVersion: r.protocolVersion,
    protocols: r.protocols,
    listenAddrs: r.listenAddrs.map(String),
    observedAddr: r.observedAddr?.toString()
  })
})

for (const ma of node.getMultiaddrs()) process.stdout.write(`listen ${ma.toString()}\n`)
process.stdout.write('ready\n')

/** Deterministic bytes so both ends can check content without sending a hash. */
function pattern (seed, size) {
  const buf = new Uint8Array(size)
  let x = (seed * 2654435761) >>> 0
  for (let i = 0; i < size; i++) {
    x = (x * 1664525 + 1013904223) >>> 0
    buf[i] = x >>> 24
  }
  return buf
}

async function echoOnce (ma, seed, size) {
  // js keeps the negotiation signal on a lazily negotiated stream: give it the whole transfer
  const signal = AbortSignal.timeout(600_000)
  const stream = await node.dialProtocol(ma, ECHO, { ...STREAM_LIMITS, signal })
  const data = pattern(seed, size)
  const chunk = 64 * 1024
  const sending = stream.sink((async function * () {
    for (let i = 0; i < size; i += chunk) yield data.subarray(i, Math.min(size, i + chunk))
  })())
  sending.catch(() => {}) // awaited below; keeps an early read failure from crashing the process
  const received = new Uint8Array(size)
  let at = 0
  for await (const part of stream.source) {
    const bytes = part.subarray()
    if (at + bytes.length > size) throw new Error(`stream ${seed}: echoed more than sent`)
    received.set(bytes, at)
    at += bytes.length
  }
  await sending
  if (at !== size) throw new Error(`stream ${seed}: echoed ${at} of ${size} bytes`)
  for (let i = 0; i < size; i++) {
    if (received[i] !== data[i]) throw new Error(`stream ${seed}: byte ${i} differs`)
  }
}

async function run (words) {
  const [cmd, ...args] = words
  switch (cmd) {
    case 'dial': {
      const conn = await node.dial(multiaddr(args[0]))
      return { ok: true, peer: conn.remotePeer.toString(), remote: conn.remoteAddr.toString() }
    }
    case 'ping': {
      const n = Number(args[1] ?? 1)
      const rtts = []
      for (let i = 0; i < n; i++) rtts.push(await node.services.ping.ping(multiaddr(args[0])))
      return { ok: true, rtts }
    }
    case 'echo': {
      const ma = multiaddr(args[0])
      const streams = Number(args[1])
      const bytes = Number(args[2])
      const start = performance.now()
      await Promise.all(Array.from({ length: streams }, (_, i) => echoOnce(ma, i + 1, bytes)))
      return { ok: true, streams, bytes, ms: performance.now() - start }
    }
    case 'conns':
      return {
        conns: node.getConnections().map((c) => ({
          peer: c.remotePeer.toString(), dir: c.direction, status: c.status, remote: c.remoteAddr.toString()
        }))
      }
    case 'hangup':
      await node.hangUp(peerIdFromString(args[0]))
      return { ok: true }
    case 'stop':
      await node.stop()
      process.exit(0)
      break
    default:
      throw new Error(`unknown command ${cmd}`)
  }
}

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', (line) => {
  const words = line.trim().split(/\s+/)
  if (words[0] === '') return
  run(words).then(
    (reply) => out({ cmd: words[0], ...reply }),
    (err) => out({ cmd: words[0], ok: false, error: err.message ?? String(err) })
  )
})
rl.on('close', async () => { await node.stop(); process.exit(0) })
