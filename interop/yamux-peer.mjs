// A bare js Yamux peer (@chainsafe/libp2p-yamux over plain TCP, no Noise) for Bzzz's Yamux
// interop tests and benchmark. Protocol with the Java test: one line per event on stdout.
//
//   node yamux-peer.mjs listen            -> "listening <port>"; echoes every inbound stream
//   node yamux-peer.mjs dial <port> <streams> <bytes>
//       -> opens <streams> streams at once, writes <bytes> random bytes on each, checks the echo,
//          pings; prints "echoed <streams> <bytes> <ms>" and "rtt <ms>"; then waits for stdin
//          "close" (sends go-away) or the peer's go-away.
// Both modes echo inbound streams, print "stream-error <msg>" on a failed stream and "closed" when
// the muxer ends.
import './node20-polyfill.mjs'
import net from 'node:net'
import { randomBytes } from 'node:crypto'
import readline from 'node:readline'
import { yamux } from '@chainsafe/libp2p-yamux'
import { defaultLogger } from '@libp2p/logger'

const CHUNK = 64 * 1024

function echo (stream) {
  stream.sink(stream.source).catch(err => console.log(`stream-error ${err.message}`))
}

function attach (socket, direction) {
  const muxer = yamux()({ logger: defaultLogger() }).createStreamMuxer({
    direction,
    onIncomingStream: echo
  })
  // socket -> muxer
  muxer.sink(socket).catch(err => console.log(`stream-error ${err.message}`))
  // muxer -> socket, respecting the socket's back-pressure
  ;(async () => {
    for await (const chunk of muxer.source) {
      if (!socket.write(chunk.subarray())) {
        await new Promise(resolve => socket.once('drain', resolve))
      }
    }
    socket.end()
  })().catch(err => console.log(`stream-error ${err.message}`))
  socket.on('close', () => console.log('closed'))
  socket.on('error', () => {})
  return muxer
}

async function roundTrip (muxer, bytes) {
  const stream = await muxer.newStream()
  const data = randomBytes(bytes)
  const write = stream.sink((async function * () {
    for (let off = 0; off < data.length; off += CHUNK) yield data.subarray(off, off + CHUNK)
  })())
  const parts = []
  for await (const chunk of stream.source) parts.push(chunk.subarray())
  await write
  const echoed = Buffer.concat(parts)
  if (!echoed.equals(data)) throw new Error(`echo mismatch on stream ${stream.id}: ${echoed.length} bytes`)
}

const [mode, ...args] = process.argv.slice(2)
if (mode === 'listen') {
  const server = net.createServer(socket => {
    socket.setNoDelay(true)
    attach(socket, 'inbound')
  })
  server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
  readline.createInterface({ input: process.stdin }).on('close', () => process.exit(0))
} else if (mode === 'dial') {
  const [port, streams, bytes] = args.map(Number)
  const socket = net.connect(port, '127.0.0.1')
  socket.setNoDelay(true)
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
  const muxer = attach(socket, 'outbound')
  const start = performance.now()
  await Promise.all(Array.from({ length: streams }, () => roundTrip(muxer, bytes)))
  console.log(`echoed ${streams} ${bytes} ${(performance.now() - start).toFixed(1)}`)
  console.log(`rtt ${await muxer.ping()}`)
  readline.createInterface({ input: process.stdin }).on('line', async line => {
    if (line.trim() === 'close') await muxer.close()
  }).on('close', () => process.exit(0))
} else {
  console.error('usage: yamux-peer.mjs listen | dial <port> <streams> <bytes>')
  process.exit(2)
}
