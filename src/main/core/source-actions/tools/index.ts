// Every tool Hookbell can act on, one file each beside this one (the contract: ../types.ts).
import type { SourceTool } from '../types'
import { alertmanagerTool } from './alertmanager'
import { grafanaTool } from './grafana'

export const SOURCE_TOOLS: readonly SourceTool[] = [alertmanagerTool, grafanaTool]

export function sourceToolFor(provider: string): SourceTool | undefined {
  return SOURCE_TOOLS.find((t) => t.provider === provider)
}
