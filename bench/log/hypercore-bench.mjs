// Anchor for bench/log: npm hypercore@11.37.1 append rates for 100-byte blocks, on disk.
// Prints one JSON line per configuration: {"name","blocks","seconds","blocks_per_s"}.
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(new URL('../../interop/package.json', import.meta.url))
const Hypercore = require('hypercore')
const crypto = require('hypercore-crypto')

const SINGLE = Number(process.argv[2] || 3000)
const BATCHES = Number(process.argv[3] || 500)
const base = process.argv[4] || tmpdir()
const block = Buffer.alloc(100, 0x61)

async function run(name, opts, batchSize, count) {
  const dir = mkdtempSync(join(base, 'hc-bench-'))
  const core = new Hypercore(dir, { keyPair: crypto.keyPair(), ...opts })
  await core.ready()
  const batch = Array.from({ length: batchSize }, () => block)
  await core.append(batch) // warm up
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) await core.append(batchSize === 1 ? block : batch)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  await core.close()
  rmSync(dir, { recursive: true, force: true })
  const blocks = count * batchSize
  console.log(JSON.stringify({ name, blocks, seconds, blocks_per_s: blocks / seconds }))
}

await run('hypercore v11 default, single append', {}, 1, SINGLE)
await run('hypercore v11 default, batch of 100', {}, 100, BATCHES)
await run('hypercore compat, batch of 100', { compat: true }, 100, BATCHES)
