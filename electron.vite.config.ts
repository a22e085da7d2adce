import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }
const define = { __HOOKBELL_VERSION__: JSON.stringify(version) }

export default defineConfig({
  main: {
    define,
    build: {
      rollupOptions: {
        // One main build, two entries: the Electron app and the `hookbell` CLI (plain Node).
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        // Sandboxed preloads cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    define,
    plugins: [react()],
    // The same bundle is served over HTTP in headless mode, where size is load time.
    build: { minify: true },
  },
})
