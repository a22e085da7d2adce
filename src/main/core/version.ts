// Injected by the build (electron-vite `define`); the fallback keeps tests and `tsx`-style runs working.
declare const __HOOKBELL_VERSION__: string | undefined
export const VERSION: string = typeof __HOOKBELL_VERSION__ === 'string' ? __HOOKBELL_VERSION__ : '0.0.0-dev'
