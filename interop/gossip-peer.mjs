// A js-libp2p gossipsub peer driven over stdin/stdout for Bzzz's interop tests and benchmarks.
//
//   node gossip-peer.mjs [--listen MA]
//
// Prints one JSON object per line on stdout:
//   {"event":"listening","peerId":"12D3...","addrs":["/ip4/127.0.0.1/tcp/PORT/p2p/12D3..."]}
//   {"event":"message","from":"12D3...","topic":"T","seqno":"<unsigned decimal>","data":"<utf-8>"}
//   {"event":"subscribed","peer":"12D3...","topic":"T","subscribe":true}
//   {"event":"ok","cmd":"..."} / {"event":"error","cmd":"...","error":"..."}
//   {"event":"peers","topic":"T","peers":[...],"mesh":[...]}
// Reads one command per line on stdin:
//   dial MA | sub TOPIC | unsub TOPIC | pub TOPIC TEXT | peers TOPIC | quit
//
// Message ids are from || seqno, as go-libp2p and Bzzz compute them (js's default is
// publicKey || seqno); fastMsgIdFn lets js drop duplicates before verifying signatures.
import './node20-polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { gossipsub } from '@chainsafe/libp2p-gossipsub'
import { multiaddr } from '@multiformats/multiaddr'
import { createInterface } from 'node:readline'

const args = process.argv.slice(2)
const listen = args.includes('--listen') ? args[args.indexOf('--listen') + 1] : '/ip4/127.0.0.1/tcp/0'

function seqnoBytes (seqno) {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt(seqno))
  return out
}

function concat (a, b) {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

const hex = (bytes) => Buffer.from(bytes).toString('hex')

const node = await createLibp2p({
  addresses: { listen: [listen] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionManager: { inboundConnectionThreshold: 1000, maxIncomingPendingConnections: 1000 },
  services: {
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub({
      emitSelf: false,
      allowPublishToZeroTopicPeers: true,
      globalSignaturePolicy: 'StrictSign',
      heartbeatInterval: 1000,
      msgIdFn: (msg) => concat(msg.from.toMultihash().bytes, seqnoBytes(msg.sequenceNumber)),
      fastMsgIdFn: (msg) => hex(msg.from ?? new Uint8Array()) + hex(msg.seqno ?? new Uint8Array())
    })
  }
})

const print = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const pubsub = node.services.pubsub

pubsub.addEventListener('message', (evt) => {
  const m = evt.detail
  print({
    event: 'message',
    from: m.from?.toString(),
    topic: m.topic,
    seqno: m.sequenceNumber?.toString(),
    data: new TextDecoder().decode(m.data)
  })
})
pubsub.addEventListener('subscription-change', (evt) => {
  for (const s of evt.detail.subscriptions) {
    print({ event: 'subscribed', peer: evt.detail.peerId.toString(), topic: s.topic, subscribe: s.subscribe })
  }
})

print({ event: 'listening', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) })

const rl = createInterface({ input: process.stdin })
for await (const line of rl) {
  const [cmd, topic, ...rest] = line.trim().split(' ')
  try {
    switch (cmd) {
      case 'dial':
        await node.dial(multiaddr(topic))
        break
      case 'sub':
        pubsub.subscribe(topic)
        break
      case 'unsub':
        pubsub.unsubscribe(topic)
        break
      case 'pub':
        await pubsub.publish(topic, new TextEncoder().encode(rest.join(' ')))
        break
      case 'peers':
        print({
          event: 'peers',
          topic,
          peers: pubsub.getSubscribers(topic).map(String),
          mesh: pubsub.getMeshPeers(topic).map(String)
        })
        continue
      case 'quit':
        await node.stop()
        process.exit(0)
        break
      default:
        throw new Error('unknown command')
    }
    print({ event: 'ok', cmd })
  } catch (e) {
    print({ event: 'error', cmd, error: String(e?.message ?? e) })
  }
}
await node.stop()
