// Every tool Hookbell can act on, one file each beside this one (the contract: ../types.ts).
import type { SourceTool } from '../types'
import { grafanaOnCallTool } from './grafana-oncall'
import { incidentioTool } from './incidentio'
import { opsgenieTool } from './opsgenie'
import { pagerdutyTool } from './pagerduty'
import { sentryTool } from './sentry'

export const SOURCE_TOOLS: readonly SourceTool[] = [pagerdutyTool, opsgenieTool, sentryTool, grafanaOnCallTool, incidentioTool]

export function sourceToolFor(provider: string): SourceTool | undefined {
  return SOURCE_TOOLS.find((t) => t.provider === provider)
}
