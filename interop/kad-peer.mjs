// A js-libp2p node running @libp2p/kad-dht in server mode on a LAN, for Bzzz's kad interop tests.
// Usage: node kad-peer.mjs <listenAddr> <kadProtocol>
// Prints "id <peerId>" and "listen <multiaddr>" lines, then answers stdin commands:
//   dial <multiaddr>     -> "dialed <peerId>" or "error <message>"
//   find <peerId>        -> DHT walk for the peer: "found <peerId> <ma,...>" or "error <message>"
//   closest <peerId>     -> getClosestPeers walk: "closest <peerId,...>"
//   table                -> "table <peerId,...>" (the routing table)
import './node20-polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { createInterface } from 'node:readline'

const listen = process.argv[2] ?? '/ip4/127.0.0.1/tcp/0'
const protocol = process.argv[3] ?? '/ipfs/kad/1.0.0'

const node = await createLibp2p({
  addresses: { listen: [listen] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionManager: { inboundConnectionThreshold: 100, maxIncomingPendingConnections: 100 },
  services: {
    identify: identify(),
    ping: ping(),
    // A LAN DHT: always a server, and keep private/loopback addresses (the defaults drop them).
    dht: kadDHT({
      protocol,
      clientMode: false,
      peerInfoMapper: passthroughMapper,
      allowQueryWithZeroPeers: true
    })
  }
})

console.log(`id ${node.peerId.toString()}`)
for (const ma of node.getMultiaddrs()) {
  console.log(`listen ${ma.toString()}`)
}

const commands = {
  async dial (arg) {
    const conn = await node.dial(multiaddr(arg))
    return `dialed ${conn.remotePeer.toString()}`
  },
  async find (arg) {
    const info = await node.peerRouting.findPeer(peerIdFromString(arg), { signal: AbortSignal.timeout(20000) })
    return `found ${info.id.toString()} ${info.multiaddrs.map((m) => m.toString()).join(',')}`
  },
  async closest (arg) {
    const ids = []
    for await (const peer of node.peerRouting.getClosestPeers(peerIdFromString(arg).toMultihash().bytes, { signal: AbortSignal.timeout(20000) })) {
      ids.push(peer.id.toString())
    }
    return `closest ${ids.join(',')}`
  },
  async table () {
    const peers = [...node.services.dht.routingTable.kb.toIterable()]
    return `table ${peers.map((c) => c.peerId.toString()).join(',')}`
  }
}

createInterface({ input: process.stdin }).on('line', async (line) => {
  const [cmd, arg] = line.trim().split(/\s+/, 2)
  try {
    console.log(await commands[cmd](arg))
  } catch (err) {
    console.log(`error ${cmd} ${err.message ?? err}`)
  }
})

const stop = async () => {
  await node.stop()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
