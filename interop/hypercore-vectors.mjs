// Prints (stdout) JSON test vectors made by npm hypercore@11.37.1 for Bzzz's Java log:
// keys, discovery keys, tree hashes, signatures and byte lengths at every length, in both key
// modes, plus encoded wire proofs. Deterministic: same output on every run.
//   node hypercore-vectors.mjs > ../bzzz-log/src/test/resources/hypercore-vectors.json
import './node20-polyfill.mjs'
import Hypercore from 'hypercore'
import crypto from 'hypercore-crypto'
import c from 'compact-encoding'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import messages from 'hypercore/lib/messages.js'
import caps from 'hypercore/lib/caps.js'

const hex = (b) => Buffer.from(b).toString('hex')
const SEED = Buffer.from(Array.from({ length: 32 }, (_, i) => i))
const LENGTH = 200

// Text blocks: 'a', 'b', 'c', then 'block-<i>'.
function textBlock(i) {
  return Buffer.from(i < 3 ? 'abc'[i] : 'block-' + i)
}
// Binary blocks of awkward sizes (empty, 1 byte, crossing varint thresholds, 70 KB);
// byte j of block i is (i * 31 + j) & 0xff, so Java regenerates them.
const BINARY_SIZES = [0, 1, 252, 253, 65535, 65536, 70000, 3, 0, 100]
function binaryBlock(i) {
  const b = Buffer.alloc(BINARY_SIZES[i])
  for (let j = 0; j < b.length; j++) b[j] = (i * 31 + j) & 0xff
  return b
}

async function build(opts, blocks, batches) {
  const dir = mkdtempSync(join(tmpdir(), 'bzzz-hc-'))
  const core = new Hypercore(dir, { keyPair: crypto.keyPair(SEED), ...opts })
  await core.ready()
  const lengths = []
  let i = 0
  for (const size of batches) {
    await core.append(blocks.slice(i, i + size))
    i += size
    const state = core.core.state
    lengths.push({
      length: core.length,
      byte_length: core.byteLength,
      tree_hash: hex(await core.treeHash()),
      signature: hex(state.signature)
    })
  }
  return { dir, core, lengths }
}

async function proofs(core, manifest) {
  const out = []
  const requests = [
    { block: { index: 0, nodes: 0 }, upgrade: { start: 0, length: 1 } },
    { block: { index: 1, nodes: 0 }, upgrade: { start: 0, length: core.length } },
    { block: { index: 5, nodes: 0 }, upgrade: { start: 0, length: 7 } },
    { block: { index: 150, nodes: 0 }, upgrade: { start: 0, length: core.length } },
    { upgrade: { start: 0, length: core.length } },
    { upgrade: { start: 0, length: 3 } }
  ]
  for (const req of requests) {
    const p = await core.proof(req)
    const msg = { request: 1, fork: 0, ...p, manifest: manifest || null }
    const wire = c.encode(messages.wire.data, msg)
    // A key-only clone must accept it; this checks the vector before we commit it.
    const dir = mkdtempSync(join(tmpdir(), 'bzzz-hc-clone-'))
    const clone = new Hypercore(dir, core.key)
    await clone.ready()
    await clone.core.verify(c.decode(messages.wire.data, wire))
    if (clone.length !== core.length) throw new Error('clone did not upgrade to ' + core.length)
    await clone.close()
    rmSync(dir, { recursive: true, force: true })
    out.push({ request: req, wire: hex(wire) })
  }
  return out
}

async function mode(name, opts) {
  const text = Array.from({ length: LENGTH }, (_, i) => textBlock(i))
  const single = await build(opts, text, text.map(() => 1))
  const { core } = single
  const manifest = core.core.manifest
  const result = {
    mode: name,
    key: hex(core.key),
    discovery_key: hex(core.discoveryKey),
    manifest: manifest ? hex(c.encode(messages.manifest, manifest)) : null,
    text_lengths: single.lengths,
    signable_at_3: hex(
      name === 'compat'
        ? caps.treeSignableCompat(await core.treeHash(3), 3, 0)
        : caps.treeSignable(core.key, await core.treeHash(3), 3, 0)
    ),
    proofs: await proofs(core, name === "manifest" ? manifest : null)
  }
  // Batch appends give the same tree, and the same signature, as single appends.
  const batched = await build(opts, text, [1, 2, 97, 100])
  result.text_batches = batched.lengths
  const bin = Array.from({ length: BINARY_SIZES.length }, (_, i) => binaryBlock(i))
  const binary = await build(opts, bin, bin.map(() => 1))
  result.binary_lengths = binary.lengths
  for (const b of [single, batched, binary]) {
    await b.core.close()
    rmSync(b.dir, { recursive: true, force: true })
  }
  return result
}

const kp = crypto.keyPair(SEED)
const out = {
  generator: 'hypercore@11.37.1',
  seed: hex(SEED),
  public_key: hex(kp.publicKey),
  binary_sizes: BINARY_SIZES,
  namespaces: { default: hex(caps.DEFAULT_NAMESPACE), manifest: hex(caps.MANIFEST) },
  empty_tree_hash: hex(crypto.tree([])),
  manifest: await mode('manifest', {}),
  compat: await mode('compat', { compat: true })
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n')
