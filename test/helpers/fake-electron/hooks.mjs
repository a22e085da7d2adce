// `node --import ./hooks.mjs out/main/index.js`: every import or require of `electron` (and of
// `electron-updater`, which would ask GitHub) gets the stand-in beside this file (https://nodejs.org/api/module.html#customization-hooks). Set before the app loads.
import { registerHooks } from 'node:module'

const standIns = {
  electron: new URL('./electron.mjs', import.meta.url).href,
  'electron-updater': new URL('./electron-updater.mjs', import.meta.url).href,
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier in standIns) return { url: standIns[specifier], format: 'module', shortCircuit: true }
    return nextResolve(specifier, context)
  },
})

// What the test asks to pretend: another OS (process.platform is read at call time by the shell).
if (process.env.FAKE_PLATFORM) Object.defineProperty(process, 'platform', { value: process.env.FAKE_PLATFORM })
