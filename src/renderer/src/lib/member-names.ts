// What tells the members of a group apart, for rows too narrow for their titles (the tray popover's 420 px):
// a storm of one rule across 30 pods has 30 titles that differ only past the width of the row
// ("Pod checkout/checkout-api-7f9c6d-01 is crash looping"), so the row names the labels whose values differ
// between the members ("pod=checkout-api-7f9c6d-01"), or else the words of the title that differ.
import type { Incident } from '../../../shared/incident'
import { parseLabels } from '../../../shared/labels'

/** Each member's distinguishing name by id; a member with nothing that sets it apart keeps its title. */
export function memberNames(members: readonly Incident[]): Record<string, string> {
  const names: Record<string, string> = {}
  if (members.length < 2) {
    for (const m of members) names[m.id] = m.title
    return names
  }
  const labels = members.map((m) => parseLabels(m.facts?.labels))
  const keys = [...new Set(labels.flatMap((l) => Object.keys(l)))]
  const differing = keys.filter((k) => new Set(labels.map((l) => l[k])).size > 1)
  const words = titleDifference(members.map((m) => m.title))
  members.forEach((m, i) => {
    const own = differing.filter((k) => labels[i]![k] !== undefined).map((k) => `${k}=${labels[i]![k]}`)
    names[m.id] = own.length ? own.join(', ') : words[i] || m.title
  })
  return names
}

/** Each title without the words every title starts and ends with ('Check "Login page" has failed' → '"Login page"'). */
function titleDifference(titles: readonly string[]): string[] {
  const split = titles.map((t) => t.split(/\s+/).filter(Boolean))
  const shortest = Math.min(...split.map((w) => w.length))
  const same = (pick: (w: string[]) => string | undefined) => split.every((w) => pick(w) === pick(split[0]!))
  let head = 0
  while (head < shortest && same((w) => w[head])) head++
  let tail = 0
  while (tail < shortest - head && same((w) => w[w.length - 1 - tail])) tail++
  return split.map((w) => w.slice(head, w.length - tail).join(' '))
}
