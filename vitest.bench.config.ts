import { defineConfig } from 'vitest/config'

// Benchmarks run through vitest only to get TypeScript and module resolution; they print, never assert timing.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 10 * 60_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
    silent: false,
  },
})
