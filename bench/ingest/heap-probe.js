// Preloaded into `hookbell serve` by `npm run bench -- ingest` (with --expose-gc): on SIGUSR2 it runs a full
// garbage collection and writes process.memoryUsage() to $HOOKBELL_BENCH_HEAP_OUT. The storm's memory goal is
// about what the app keeps: RSS alone cannot tell, as V8 keeps the heap it grew under load until it next
// collects, which an idle process never does.
import { renameSync, writeFileSync } from 'node:fs'
import { isMainThread } from 'node:worker_threads'

const out = process.env.HOOKBELL_BENCH_HEAP_OUT
if (isMainThread && out && typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc()
    // Whole or not at all: the bench reads the file as soon as it exists.
    writeFileSync(`${out}.tmp`, JSON.stringify(process.memoryUsage()))
    renameSync(`${out}.tmp`, out)
  })
}
