// Types for scripts/node-runtime.js (plain JavaScript so that it loads on old Node versions).
export const MINIMUM: string
export function isSuitable(version?: string): boolean
export function nodeHome(env?: NodeJS.ProcessEnv): string
export function suitableNode(options?: {
  env?: NodeJS.ProcessEnv
  say?: (line: string) => void
  quietWhenCached?: boolean
  oncePerSession?: boolean
}): string
export function runOnSuitableNode(args: string[], options?: { oncePerSession?: boolean }): Promise<void>
export function ensureSuitableNode(options?: { oncePerSession?: boolean }): Promise<void>
