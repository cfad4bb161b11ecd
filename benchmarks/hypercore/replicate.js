// Hypercore 11 replication baseline for the Walkaway sync benchmark (see run.sh and
// modules/sync/README.md). Mirrors SyncBenchmark: a writer core holds TOTAL entries of SIZE bytes,
// a reader core already holds the first 90% of them, and one fresh replication session moves the
// missing 10%. Hypercore 11 stores cores in RocksDB (hypercore-storage); random-access-memory is
// no longer accepted, so the cores live in a temporary directory (on tmpfs when /dev/shm exists).
'use strict'
const Hypercore = require('hypercore')
const { Transform } = require('streamx')
const fs = require('fs')
const os = require('os')
const path = require('path')
const crypto = require('crypto')

const TOTAL = Number(process.argv[2] || 100000)
const SIZE = Number(process.argv[3] || 1024)
const MISSING = Math.round(TOTAL / 10)
const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir()
const dir = fs.mkdtempSync(path.join(base, 'hypercore-bench-'))

function counter (count) {
  const t = new Transform({ transform (data, cb) { count.bytes += data.byteLength; cb(null, data) } })
  t.on('error', () => {}) // tearing the pipe down at the end is expected
  return t
}

async function replicateUntil (writer, reader, length) {
  const ab = { bytes: 0 }
  const ba = { bytes: 0 }
  const s1 = writer.replicate(true)
  const s2 = reader.replicate(false)
  s1.on('error', () => {})
  s2.on('error', () => {})
  s1.pipe(counter(ab)).pipe(s2).pipe(counter(ba)).pipe(s1)
  const start = process.hrtime.bigint()
  const cpuStart = process.cpuUsage()
  await reader.download({ start: 0, end: length }).done()
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const cpu = process.cpuUsage(cpuStart)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  s1.destroy()
  s2.destroy()
  return { seconds, cpuSeconds, bytes: ab.bytes + ba.bytes }
}

async function main () {
  const writer = new Hypercore(path.join(dir, 'writer'))
  await writer.ready()
  const entry = crypto.randomBytes(SIZE)
  const batch = []
  for (let i = 0; i < TOTAL - MISSING; i++) {
    batch.push(entry)
    if (batch.length === 1000) { await writer.append(batch.splice(0)) }
  }
  if (batch.length) await writer.append(batch.splice(0))

  const reader = new Hypercore(path.join(dir, 'reader'), writer.key)
  await reader.ready()
  await replicateUntil(writer, reader, TOTAL - MISSING)

  for (let i = 0; i < MISSING; i++) {
    batch.push(entry)
    if (batch.length === 1000) { await writer.append(batch.splice(0)) }
  }
  if (batch.length) await writer.append(batch.splice(0))

  const missing = await replicateUntil(writer, reader, TOTAL)
  const payload = MISSING * SIZE
  console.log(`hypercore ${require('hypercore/package.json').version} node ${process.version}: ` +
    `${TOTAL} entries of ${SIZE} B, ${MISSING} missing on the reader`)
  console.log(`  missing entries replicated in ${missing.seconds.toFixed(3)} s: ` +
    `${Math.round(MISSING / missing.seconds)} entries/s; wire bytes ${missing.bytes} ` +
    `/ payload ${payload} = ${(missing.bytes / payload).toFixed(3)}`)
  console.log(`  process CPU time ${missing.cpuSeconds.toFixed(3)} s: ` +
    `${Math.round(MISSING / missing.cpuSeconds)} entries per CPU-second (both cores, whole process)`)

  const fresh = new Hypercore(path.join(dir, 'fresh'), writer.key)
  await fresh.ready()
  const full = await replicateUntil(writer, fresh, TOTAL)
  console.log(`  all ${TOTAL} entries to an empty core in ${full.seconds.toFixed(3)} s: ` +
    `${Math.round(TOTAL / full.seconds)} entries/s; wire bytes / payload = ` +
    `${(full.bytes / (TOTAL * SIZE)).toFixed(3)}`)
  await writer.close(); await reader.close(); await fresh.close()
}

main().catch((e) => { console.error(e); process.exitCode = 1 })
  .finally(() => fs.rmSync(dir, { recursive: true, force: true }))
