// A js-libp2p 2.10 peer in a private network (@libp2p/pnet) for Bzzz's pnet interop test.
// Usage: node pnet-peer.mjs --psk SWARM_KEY_FILE [--listen MA]...
// Prints "listen <multiaddr>" per address, then "ready"; command replies as JSON lines.
// Commands on stdin, one per line:
//   ping MA        -> {"cmd":"ping","ok":true,"rtt":ms} or {"cmd":"ping","ok":false,"error":...}
//   conns          -> {"cmd":"conns","peers":[...]}
// Events: {"event":"connect"|"disconnect","peer"}.
import './node20-polyfill.mjs'
import { readFileSync } from 'node:fs'
import readline from 'node:readline'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { preSharedKey } from '@libp2p/pnet'
import { multiaddr } from '@multiformats/multiaddr'

const listen = []
let psk
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--listen') listen.push(process.argv[++i])
  if (process.argv[i] === '--psk') psk = readFileSync(process.argv[++i])
}
if (psk === undefined) throw new Error('--psk FILE is required')
if (listen.length === 0) listen.push('/ip4/127.0.0.1/tcp/0')

const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

const node = await createLibp2p({
  addresses: { listen },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionProtector: preSharedKey({ psk }),
  services: { identify: identify(), ping: ping() }
})

node.addEventListener('peer:connect', (e) => out({ event: 'connect', peer: e.detail.toString() }))
node.addEventListener('peer:disconnect', (e) => out({ event: 'disconnect', peer: e.detail.toString() }))

for (const ma of node.getMultiaddrs()) process.stdout.write(`listen ${ma.toString()}\n`)
process.stdout.write('ready\n')

async function run (words) {
  const [cmd, ...args] = words
  switch (cmd) {
    case 'ping':
      return { ok: true, rtt: await node.services.ping.ping(multiaddr(args[0]), { signal: AbortSignal.timeout(20_000) }) }
    case 'conns':
      return { peers: node.getConnections().map((c) => c.remotePeer.toString()) }
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
