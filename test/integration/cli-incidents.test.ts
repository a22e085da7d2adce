// `hookbell incidents`: a terminal lists the running app's incidents and acts on them through its API, as the
// window does (the same timeline line, the same answer to a wrong id).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IntegrationView } from '../../src/shared/model'
import type { IncidentDetail, Incident } from '../../src/shared/incident'
import { parseDuration } from '../../src/main/cli/commands/incidents'
import { runCli, serveCli, servedApi, type Served } from '../helpers/cli'
import { tempDir } from '../helpers/test-core'

const dataDir = tempDir()
let served: Served
const api = servedApi(() => served, dataDir)
const cli = (...args: string[]) => runCli(['incidents', ...args, '--data-dir', dataDir])
let incident: Incident

beforeAll(async () => {
  served = await serveCli(dataDir)
  const { integration } = await api<{ integration: IntegrationView }>('POST', '/api/integrations', { provider: 'generic' })
  const sent = await runCli(['send', 'generic', '--integration', integration.id, '--data-dir', dataDir])
  expect(sent.code).toBe(0)
  const page = await api<{ incidents: Incident[] }>('GET', '/api/incidents')
  incident = page.incidents[0]!
}, 60_000)
afterAll(async () => served.stop())

describe('hookbell incidents', () => {
  it('lists the open ones, and filters by status and severity', async () => {
    const listed = await cli('list')
    expect(listed.stderr).toBe('')
    expect(listed.stdout).toContain(`${incident.id}  ${incident.severity.padEnd(8)} open  ${incident.title}`)
    const none = await cli('list', '--status', 'resolved')
    expect(none.stdout).toBe('No incidents match.\n')
    const bad = await cli('list', '--severity', 'critcal')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--severity: unknown "critcal", one of critical, error, warning, info')
  })

  it('acknowledges, snoozes, resolves and reopens as the window does, with the timeline saying so', async () => {
    const acked = await cli('acknowledge', incident.id)
    expect(acked.code).toBe(0)
    expect(acked.stdout).toContain(`${incident.id}  ${incident.severity.padEnd(8)} acknowledged  ${incident.title}`)
    expect(acked.stdout).toContain('acknowledged by')
    const snoozed = await cli('snooze', incident.id, '--for', '1h')
    expect(snoozed.code).toBe(0)
    const detail = await api<IncidentDetail>('GET', `/api/incidents/${incident.id}`)
    expect(Date.parse(detail.snoozedUntil!) - Date.now()).toBeGreaterThan(55 * 60_000)
    expect((await cli('resolve', incident.id)).stdout).toContain(' resolved')
    expect((await cli('reopen', incident.id)).stdout).toContain(' open')
    const shown = await cli('show', incident.id)
    expect(shown.stdout).toContain('acknowledged by')
    expect(shown.stdout).toContain('resolved by')
  })

  it('says what is wrong with an id or a duration', async () => {
    const unknown = await cli('acknowledge', 'no-such-incident')
    expect(unknown.code).not.toBe(0)
    expect(unknown.stderr).toContain('no-such-incident')
    const badFor = await cli('snooze', incident.id, '--for', 'soon')
    expect(badFor.code).toBe(2)
    expect(badFor.stderr).toContain('--for: "soon" is not a duration such as 30m, 1h or 2h30m')
  })

  it('reads durations of hours and minutes, up to 30 days', () => {
    expect(parseDuration('30m')).toBe(1_800_000)
    expect(parseDuration('2h30m')).toBe(9_000_000)
    expect(parseDuration('0m')).toBeNull()
    expect(parseDuration('721h')).toBeNull()
    expect(parseDuration('1d')).toBeNull()
  })
})
