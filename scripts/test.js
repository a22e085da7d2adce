// `npm test` (and `npm run bench`): vitest on a Node new enough for it and for node:sqlite. vitest itself
// crashes on older Node before it can say why, so the switch happens here, before vitest loads.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runOnSuitableNode } from './node-runtime.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
await runOnSuitableNode([join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)])
