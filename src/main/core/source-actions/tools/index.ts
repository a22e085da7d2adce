// Every tool Hookbell can act on, one file each beside this one (the contract: ../types.ts). incident.io is
// not among them: its public API cannot acknowledge, resolve or snooze an incident (docs/providers.md).
import type { SourceTool } from '../types'
import { alertmanagerTool } from './alertmanager'
import { grafanaTool } from './grafana'
import { grafanaOnCallTool } from './grafana-oncall'
import { opsgenieTool } from './opsgenie'
import { pagerdutyTool } from './pagerduty'
import { sentryTool } from './sentry'

export const SOURCE_TOOLS: readonly SourceTool[] = [
  alertmanagerTool,
  grafanaTool,
  pagerdutyTool,
  opsgenieTool,
  sentryTool,
  grafanaOnCallTool,
]

export function sourceToolFor(provider: string): SourceTool | undefined {
  return SOURCE_TOOLS.find((t) => t.provider === provider)
}
