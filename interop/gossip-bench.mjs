// The js-libp2p anchor for Bzzz's gossip benchmark: N gossipsub nodes in one Node process, a full
// TCP mesh on 127.0.0.1, StrictSign, 256-byte messages from round-robin publishers.
//
//   node gossip-bench.mjs --nodes 10 --messages 500 --window 64      (closed loop: saturated)
//   node gossip-bench.mjs --nodes 10 --messages 100 --rate 10        (open loop: paced msg/s)
//   ... --warmup 1000   (first 1000 messages with a window of 64, then paced rows run 10 s at
//                        their rate, not measured: V8 JIT warm-up, as the Java side does)
//
// Prints one JSON line: {"impl":"js","nodes","mode","messages","msgPerSec","p50","p95","p99",
// "cpuMsPerMsg","coresUsed"} (process CPU time per message, to compare runs on a shared machine).
// A message is complete when every other node delivered it; latency is per delivery, from just
// before publish() to the receiver's event (one process, one clock). Message ids are from||seqno
// with fastMsgIdFn, i.e. duplicates are dropped before signature checks, as Bzzz and go do.
import './node20-polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { gossipsub } from '@chainsafe/libp2p-gossipsub'

const arg = (name, def) => {
  const i = process.argv.indexOf('--' + name)
  return i >= 0 ? Number(process.argv[i + 1]) : def
}
const N = arg('nodes', 10)
const MESSAGES = arg('messages', 300)
const WINDOW = arg('window', 64)
const RATE = arg('rate', 0)
const SIZE = arg('size', 256)
const WARMUP = arg('warmup', 0)
const WARMUP_WINDOW = 64
const PACED_WARMUP_SECONDS = arg('paced-warmup', 10)
const TOPIC = 'bench'

function concat (a, b) {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}
function seqnoBytes (s) {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt(s))
  return out
}
const hex = (b) => Buffer.from(b ?? []).toString('hex')

const nodes = []
for (let i = 0; i < N; i++) {
  nodes.push(await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: { inboundConnectionThreshold: 10000, maxIncomingPendingConnections: 1000 },
    connectionMonitor: { enabled: false },
    services: {
      identify: identify(),
      pubsub: gossipsub({
        emitSelf: false,
        allowPublishToZeroTopicPeers: true,
        globalSignaturePolicy: 'StrictSign',
        msgIdFn: (m) => concat(m.from.toMultihash().bytes, seqnoBytes(m.sequenceNumber)),
        fastMsgIdFn: (m) => hex(m.from) + hex(m.seqno)
      })
    }
  }))
}
for (let i = 0; i < N; i++) {
  for (let j = i + 1; j < N; j++) {
    await nodes[i].dial(nodes[j].getMultiaddrs()[0])
  }
}
const pending = new Map() // message number -> { start, remaining, measured }
const latencies = []
let completed = 0
let onComplete = () => {}
nodes.forEach((node, idx) => {
  node.services.pubsub.subscribe(TOPIC)
  node.services.pubsub.addEventListener('message', (evt) => {
    const id = new DataView(evt.detail.data.buffer, evt.detail.data.byteOffset).getUint32(0)
    const p = pending.get(id)
    if (!p) return
    if (p.measured) latencies.push(performance.now() - p.start)
    if (--p.remaining === 0) {
      pending.delete(id)
      completed++
      onComplete()
    }
  })
})
const deadline = Date.now() + 60000
while (!nodes.every((n) => n.services.pubsub.getSubscribers(TOPIC).length === N - 1 &&
    n.services.pubsub.getMeshPeers(TOPIC).length >= 4)) {
  if (Date.now() > deadline) throw new Error('mesh did not form')
  await new Promise((resolve) => setTimeout(resolve, 100))
}
await new Promise((resolve) => setTimeout(resolve, 2500))

const payload = (id) => {
  const b = new Uint8Array(SIZE)
  new DataView(b.buffer).setUint32(0, id)
  return b
}
const publish = (id, measured) => {
  pending.set(id, { start: performance.now(), remaining: N - 1, measured })
  nodes[id % N].services.pubsub.publish(TOPIC, payload(id)).catch(() => {})
}
// Publishes ids [first, first + count) with at most `window` incomplete, and waits for all.
const closedLoop = (first, count, window, measured) => {
  const done = completed + count
  let next = first
  return new Promise((resolve) => {
    onComplete = () => {
      while (next < first + count && (next - first) - (count - (done - completed)) < window) {
        publish(next++, measured)
      }
      if (completed === done) resolve()
    }
    onComplete()
  })
}
// Publishes ids [first, first + count) at `rate` per second, and waits for all.
const paced = async (first, count, rate, measured) => {
  const done = completed + count
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    const wait = started + i * 1000 / rate - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    publish(first + i, measured)
  }
  await new Promise((resolve) => { onComplete = () => completed === done && resolve(); onComplete() })
}
// Warm-up: V8 compiles the hot paths here, not during the measured phase.
let first = 0
if (WARMUP > 0) {
  await closedLoop(first, WARMUP, WARMUP_WINDOW, false)
  first += WARMUP
  if (RATE > 0) {
    await paced(first, RATE * PACED_WARMUP_SECONDS, RATE, false)
    first += RATE * PACED_WARMUP_SECONDS
  }
}
const started = performance.now()
const cpuStarted = process.cpuUsage()
if (RATE > 0) {
  await paced(first, MESSAGES, RATE, true)
} else {
  await closedLoop(first, MESSAGES, WINDOW, true)
}
const elapsed = (performance.now() - started) / 1000
const cpuUsed = process.cpuUsage(cpuStarted)
const cpu = (cpuUsed.user + cpuUsed.system) / 1e6
latencies.sort((a, b) => a - b)
const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
console.log(JSON.stringify({
  impl: 'js',
  nodes: N,
  mode: RATE > 0 ? `paced ${RATE}/s` : `window ${WINDOW}`,
  messages: MESSAGES,
  warmup: WARMUP,
  msgPerSec: +(MESSAGES / elapsed).toFixed(1),
  p50: +pct(0.5).toFixed(2),
  p95: +pct(0.95).toFixed(2),
  p99: +pct(0.99).toFixed(2),
  cpuMsPerMsg: +(cpu * 1000 / MESSAGES).toFixed(3),
  coresUsed: +(cpu / elapsed).toFixed(2)
}))
await Promise.all(nodes.map((n) => n.stop()))
process.exit(0)
