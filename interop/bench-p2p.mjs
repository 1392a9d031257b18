// js-libp2p side of bench/p2p: the same three measurements as the Java benchmark, js <-> js in one
// process (two nodes over 127.0.0.1 TCP + Noise + Yamux). Prints one JSON line with the results.
// Usage: node bench-p2p.mjs HANDSHAKES CLIENTS STREAM_MIB PINGS
import './node20-polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'

const [handshakes, clients, streamMib, pings] = process.argv.slice(2).map(Number)
const SINK = '/bzzz/bench/sink/1.0.0'

const newNode = () => createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionManager: {
    inboundConnectionThreshold: 100000,
    maxIncomingPendingConnections: 1000,
    maxConnections: 10000,
    inboundStreamProtocolNegotiationTimeout: 600_000
  },
  services: { identify: identify(), ping: ping() },
  // its pings race the aborts between handshakes and would crash the process with an unhandled rejection
  connectionMonitor: { enabled: false }
})

const server = await newNode()
await server.handle(SINK, async ({ stream }) => {
  let n = 0
  for await (const chunk of stream.source) n += chunk.byteLength
  await stream.sink([new TextEncoder().encode(String(n))])
})
const target = server.getMultiaddrs()[0]
let accepted = 0
server.addEventListener('connection:open', () => { accepted++ })

// handshakes/s: sequential dials from one client; only the dial (TCP + Noise + Yamux, until the
// connection is usable) is timed, the abort that clears the way for the next dial is not
const dialers = await Promise.all(Array.from({ length: clients }, newNode))
const client = dialers[0]
async function timedDial () {
  const t = performance.now()
  const conn = await client.dial(target)
  const took = performance.now() - t
  conn.abort(new Error('bench: next handshake'))
  await new Promise((resolve) => setTimeout(resolve, 0))
  return took
}
for (let i = 0; i < 20; i++) await timedDial() // warm-up
let dialMs = 0
for (let i = 0; i < handshakes; i++) dialMs += await timedDial()
const handshakesPerSecond = handshakes / (dialMs / 1000)
const acceptedInRun = accepted

// throughput: one stream, STREAM_MIB MiB in 64 KiB chunks, until the server acknowledges the count
const total = streamMib * 1024 * 1024
const chunk = new Uint8Array(64 * 1024).fill(7)
async function sink (bytes) {
  const stream = await client.dialProtocol(target, SINK, { signal: AbortSignal.timeout(600_000) })
  await stream.sink((async function * () { for (let s = 0; s < bytes; s += chunk.length) yield chunk })())
  let reply = ''
  for await (const part of stream.source) reply += new TextDecoder().decode(part.subarray())
  if (Number(reply) !== bytes) throw new Error(`server counted ${reply} of ${bytes}`)
}
await sink(8 * 1024 * 1024) // warm-up
const start = performance.now()
await sink(total)
const mibPerSecond = streamMib / ((performance.now() - start) / 1000)

// ping RTT: each ping opens a stream (as js's ping service does)
for (let i = 0; i < 50; i++) await client.services.ping.ping(target)
const rtts = []
for (let i = 0; i < pings; i++) {
  const t = performance.now()
  await client.services.ping.ping(target)
  rtts.push(performance.now() - t)
}
rtts.sort((a, b) => a - b)
const pct = (p) => rtts[Math.min(rtts.length - 1, Math.floor(p * rtts.length))]

process.stdout.write(JSON.stringify({
  handshakesPerSecond, handshakes, serverAccepted: acceptedInRun, mibPerSecond, pingP50Ms: pct(0.5), pingP99Ms: pct(0.99)
}) + '\n')
await Promise.all([server, ...dialers].map((n) => n.stop()))
process.exit(0)
