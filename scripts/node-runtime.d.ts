// Types for scripts/node-runtime.js (plain JavaScript so that it loads on old Node versions).
export const MINIMUM: string
export function isSuitable(version?: string): boolean
export function nodeHome(env?: NodeJS.ProcessEnv): string
export function suitableNode(options?: {
  env?: NodeJS.ProcessEnv
  say?: (line: string) => void
  quietWhenCached?: boolean
}): string
export function runOnSuitableNode(args: string[]): Promise<void>
export function ensureSuitableNode(): Promise<void>
