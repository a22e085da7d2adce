// Grouping reads what each provider declares (Provider.groupOf) before the kind-based rules.
import { describe, expect, it } from 'vitest'
import { groupOf } from '../../../src/main/core/groups/group-of'
import { PROVIDERS } from '../../../src/main/core/providers'

const alert = (provider: string, labels: string) => ({ provider, kind: 'alert' as const, title: 'x', facts: { labels } })

describe('groupOf', () => {
  it('groups the alerts of a provider that declares alert-name grouping by that name', () => {
    for (const id of [...PROVIDERS.values()].filter((p) => p.groupOf).map((p) => p.id))
      expect(groupOf(alert(id, 'alertname=HighErrorRate, instance=checkout-1:8080'))).toEqual({
        key: 'alert:HighErrorRate',
        label: 'HighErrorRate',
      })
  })

  it('leaves the alerts of a provider that declares nothing ungrouped, labels or not', () => {
    expect(groupOf(alert('generic', 'alertname=HighErrorRate'))).toBeNull()
  })

  it('still groups checks by their group, whatever the provider', () => {
    expect(
      groupOf({ provider: 'checkly', kind: 'check', title: 'x', check: { name: 'API', checkId: '1', group: 'Checkout' } }),
    ).toEqual({ key: 'check-group:Checkout', label: 'Checkout checks' })
  })
})
