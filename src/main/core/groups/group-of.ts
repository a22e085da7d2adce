// Which incidents belong together in the window, the tray and the storm summary: computed here, once, so
// every surface agrees. A group is a label people already use for the thing that went wrong:
// - what the incident's provider declares (Provider.groupOf: Alertmanager and Grafana group by the alert name,
//   a storm of one rule across 30 instances being one problem);
// - Checkly: the check group (the same group failing from every location);
// - exceptions: one fingerprint (type + the first application frame) across apps and integrations, so the
//   same bug in the web and worker processes is one row.
// Incidents without such a label are not grouped.
import type { IncidentGroupRef } from '../../../shared/incident'
import { PROVIDERS } from '../providers'
import type { Groupable } from '../providers/types'

export function groupOf(incident: Groupable): IncidentGroupRef | null {
  const declared = PROVIDERS.get(incident.provider)?.groupOf?.(incident)
  if (declared) return declared
  if (incident.kind === 'check' && incident.check?.group)
    return { key: `check-group:${incident.check.group}`, label: `${incident.check.group} checks` }
  if (incident.exception) {
    const { type } = incident.exception
    const site = [...incident.exception.frames].reverse().find((f) => f.inApp) ?? incident.exception.frames.at(-1)
    // Without a frame the message is the only fingerprint; numbers in it (ids, counts) vary per occurrence.
    const where = site ? `${site.file}:${site.function}` : incident.exception.message.replace(/\d+/g, '#')
    return { key: `exception:${type}@${where}`, label: type }
  }
  return null
}
