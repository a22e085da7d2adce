// @vitest-environment jsdom
// A group's member rows at tray size name what sets each member apart: the labels whose values differ
// between the members, or the words of the titles that differ, not a title cut before its pod number.
import './setup-dom'
import { act, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { IncidentList } from '../../../src/renderer/src/components/IncidentList'
import { memberNames } from '../../../src/renderer/src/lib/member-names'
import { fakeClient, incident } from './fake-client'
import { renderWithStore } from './render'

const GROUP = { key: 'alert:KubePodCrashLooping', label: 'KubePodCrashLooping' }

/** Alertmanager's incidents of one rule across pods, with the labels the core keeps in `facts.labels`. */
const crashLooping = (pods: string[]) =>
  pods.map((pod) =>
    incident({
      provider: 'alertmanager',
      kind: 'alert',
      title: `Pod checkout/${pod} is crash looping`,
      group: GROUP,
      facts: {
        labels: `alertname=KubePodCrashLooping, severity=critical, namespace=checkout, env=production, pod=${pod}, service=checkout-api`,
      },
    }),
  )

describe('member names', () => {
  it('are the labels whose values differ between the members', () => {
    const members = crashLooping(['checkout-api-7f9c6d-00', 'checkout-api-7f9c6d-01', 'checkout-api-7f9c6d-02'])
    expect(Object.values(memberNames(members))).toEqual([
      'pod=checkout-api-7f9c6d-00',
      'pod=checkout-api-7f9c6d-01',
      'pod=checkout-api-7f9c6d-02',
    ])
  })

  it('name every label that differs, in the order the labels come', () => {
    const [a, b] = crashLooping(['api-0', 'api-1'])
    b!.facts = { labels: `${b!.facts!.labels}, instance=10.0.3.7:8080` }
    a!.facts = { labels: `${a!.facts!.labels}, instance=10.0.3.8:8080` }
    expect(memberNames([a!, b!])[a!.id]).toBe('pod=api-0, instance=10.0.3.8:8080')
  })

  it('without labels, are the words of the titles that differ', () => {
    const members = ['Checkout API', 'Login page'].map((name) =>
      incident({ provider: 'checkly', kind: 'check', title: `Check "${name}" has failed`, group: GROUP }),
    )
    expect(Object.values(memberNames(members))).toEqual(['"Checkout API"', '"Login page"'])
  })

  it('keep the title of a member with nothing setting it apart', () => {
    const [only] = crashLooping(['api-0'])
    expect(memberNames([only!])).toEqual({ [only!.id]: only!.title })
    const same = [incident({ title: 'Disk full', group: GROUP }), incident({ title: 'Disk full', group: GROUP })]
    expect(Object.values(memberNames(same))).toEqual(['Disk full', 'Disk full'])
  })
})

describe('member rows', () => {
  const members = crashLooping(['checkout-api-7f9c6d-00', 'checkout-api-7f9c6d-01'])
  const show = (narrow: boolean) => {
    const { client } = fakeClient({})
    const { store } = renderWithStore(<IncidentList />, client)
    act(() =>
      store.setState({
        ids: members.map((m) => m.id),
        byId: Object.fromEntries(members.map((m) => [m.id, m])),
        expanded: { [GROUP.key]: true },
        narrow,
      }),
    )
    return screen.getAllByRole('option').slice(1)
  }

  it('at tray size show the pod that sets each apart, and keep the whole title for its name and tooltip', () => {
    const rows = show(true)
    expect(rows.map((r) => r.querySelector('.row-title')!.textContent)).toEqual([
      'open, unread: pod=checkout-api-7f9c6d-00 — Pod checkout/checkout-api-7f9c6d-00 is crash looping',
      'open, unread: pod=checkout-api-7f9c6d-01 — Pod checkout/checkout-api-7f9c6d-01 is crash looping',
    ])
    expect(rows[0]!.querySelector('.row-title')!.getAttribute('title')).toBe(members[0]!.title)
  })

  it('in a wide window show the titles', () => {
    expect(show(false).map((r) => r.querySelector('.row-title')!.textContent)).toEqual(
      members.map((m) => `open, unread: ${m.title}`),
    )
  })
})
