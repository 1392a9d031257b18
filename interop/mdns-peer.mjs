// A js-libp2p node with @libp2p/mdns, for Bzzz's mDNS interop tests.
// Prints "id <peerId>", "listen <multiaddr>" per address, then "discovered <peerId> <ma,ma...>"
// for every peer:discovery event. It never dials (js-libp2p >= 2 does not auto-dial).
// Usage: node mdns-peer.mjs [listenAddr] [queryIntervalMs]
import './node20-polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { mdns } from '@libp2p/mdns'

const listen = process.argv[2] ?? '/ip4/0.0.0.0/tcp/0'
const interval = Number(process.argv[3] ?? 1000)

const node = await createLibp2p({
  addresses: { listen: [listen] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  peerDiscovery: [mdns({ interval })],
  services: { identify: identify() }
})

node.addEventListener('peer:discovery', (evt) => {
  const { id, multiaddrs } = evt.detail
  console.log(`discovered ${id.toString()} ${multiaddrs.map((m) => m.toString()).join(',')}`)
})

console.log(`id ${node.peerId.toString()}`)
for (const ma of node.getMultiaddrs()) {
  console.log(`listen ${ma.toString()}`)
}

const stop = async () => {
  await node.stop()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
