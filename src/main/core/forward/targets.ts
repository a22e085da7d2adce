// Forward targets: stored in settings with their secrets encoded; views never carry a secret, but for the
// one made here for a target, in the answer that made it.
import { randomBytes } from 'node:crypto'
import { SEVERITIES } from '../../../shared/incident'
import { TARGET_EVENTS, type SigningMode, type TargetInput, type TargetView } from '../../../shared/target'
import { badRequest, notFound } from '../../../server-common/errors'
import type { StoredTarget } from '../settings/schema'
import type { Settings } from '../settings/settings'
import { renderBoundsProblem } from './render'
import { hasUrlCredentials, redactUrl, restoreUrlCredentials } from './url-credentials'
import { isStandardWebhooksSecret, newStandardWebhooksSecret } from './signing'

const SIGNING_MODES: SigningMode[] = ['none', 'hmac-sha256', 'standard-webhooks']

export interface Target extends Omit<StoredTarget, 'secret' | 'secrets'> {
  /** Decoded. */
  secret: string | null
  secrets: Record<string, string>
}

export function createTargets(settings: Settings) {
  const codec = settings.codec
  const decode = (t: StoredTarget): Target => ({
    ...t,
    secret: t.secret ? codec.decode(t.secret) : null,
    secrets: Object.fromEntries(Object.entries(t.secrets ?? {}).map(([k, v]) => [k, codec.decode(v)])),
  })
  const encode = (t: Target): StoredTarget => ({
    ...t,
    secret: t.secret ? codec.encode(t.secret) : null,
    secrets: Object.fromEntries(Object.entries(t.secrets).map(([k, v]) => [k, codec.encode(v)])),
  })

  function all(): Target[] {
    return settings.targets().map(decode)
  }

  function save(next: Target[]): void {
    settings.saveTargets(next.map(encode))
  }

  function get(id: string): Target | undefined {
    return all().find((t) => t.id === id)
  }

  function create(input: TargetInput): TargetView {
    const { target: normalized, made } = withMadeSecret(normalizeInput(input, null))
    const target = validate({
      id: `tgt_${randomBytes(9).toString('base64url')}`,
      createdAt: new Date().toISOString(),
      disabledReason: null,
      ...normalized,
    })
    save([...all(), target])
    return withShownSecret(view(target), made)
  }

  function update(id: string, change: Partial<TargetInput>): TargetView {
    const current = get(id)
    if (!current) throw notFound(`no target ${id}`)
    const { target: normalized, made } = withMadeSecret(normalizeInput({ ...current, ...change } as TargetInput, current))
    const merged = validate({ ...current, ...normalized })
    // Re-enabling clears the reason it was disabled (a 410 from the receiver).
    if (change.enabled === true) merged.disabledReason = null
    save(all().map((t) => (t.id === id ? merged : t)))
    return withShownSecret(view(merged), made)
  }

  function remove(id: string): boolean {
    const before = all()
    const next = before.filter((t) => t.id !== id)
    save(next)
    return next.length !== before.length
  }

  function disable(id: string, reason: string): void {
    save(all().map((t) => (t.id === id ? { ...t, enabled: false, disabledReason: reason } : t)))
  }

  return { all, get, create, update, remove, disable, list: (): TargetView[] => all().map(view) }
}

export type Targets = ReturnType<typeof createTargets>

/** Fills defaults and keeps write-only values (secrets) that an update did not mention. */
export function normalizeInput(input: TargetInput, current: Target | null): Omit<Target, 'id' | 'createdAt' | 'disabledReason'> {
  if (typeof input !== 'object' || input === null) throw badRequest('expected a target object')
  const secrets = { ...(current?.secrets ?? {}) }
  for (const [k, v] of Object.entries(input.secrets ?? {})) {
    if (typeof v === 'string' && v !== '') secrets[k] = v
    else if (!(k in secrets)) secrets[k] = ''
  }
  return {
    name: String(input.name ?? '').trim(),
    url: restoreUrlCredentials(String(input.url ?? '').trim(), current?.url),
    enabled: input.enabled ?? true,
    events: input.events ?? ['incident.forwarded'],
    filters: input.filters ?? {},
    signing: input.signing ?? 'none',
    secret: typeof input.secret === 'string' && input.secret !== '' ? input.secret : (current?.secret ?? null),
    template: input.template ?? '',
    contentType: input.contentType ?? 'application/json',
    headers: input.headers ?? {},
    secrets,
    preset: input.preset,
  }
}

/**
 * Standard Webhooks signing without a secret gets one made here, as an integration's secret is: the answer
 * that made it shows it once (`newSecret`); views never carry it again.
 */
function withMadeSecret<T extends { signing: SigningMode; secret: string | null }>(
  target: T,
): { target: T; made: string | null } {
  if (target.signing !== 'standard-webhooks' || target.secret) return { target, made: null }
  const made = newStandardWebhooksSecret()
  return { target: { ...target, secret: made }, made }
}

const withShownSecret = (v: TargetView, made: string | null): TargetView => (made ? { ...v, newSecret: made } : v)

export function validate(t: Target): Target {
  if (!t.name) throw badRequest('a target needs a name')
  let url: URL
  try {
    url = new URL(t.url)
  } catch {
    throw badRequest('the target URL is not a URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badRequest('only http(s) target URLs are allowed')
  const badEvent = t.events.find((e) => !TARGET_EVENTS.includes(e))
  if (badEvent) throw badRequest(`event "${badEvent}" is not one of ${TARGET_EVENTS.join(', ')}`)
  if (!SIGNING_MODES.includes(t.signing as SigningMode)) throw badRequest(`signing must be one of ${SIGNING_MODES.join(', ')}`)
  if (t.signing !== 'none' && !t.secret) throw badRequest('this signing mode needs a secret')
  if (t.signing === 'standard-webhooks' && t.secret && !isStandardWebhooksSecret(t.secret)) {
    throw badRequest('a Standard Webhooks secret is whsec_ followed by base64 (at least 16 bytes)')
  }
  if (t.filters.minSeverity && !SEVERITIES.includes(t.filters.minSeverity))
    throw badRequest('filters.minSeverity is not a severity')
  for (const [name, value] of Object.entries(t.headers)) {
    if (!/^[A-Za-z0-9-]+$/.test(name) || typeof value !== 'string') throw badRequest(`header "${name}" is not a valid header`)
  }
  // A template that renders past the bounds is refused now, with the reason, not on every forward later.
  const tooBig = renderBoundsProblem(t, 'check')
  if (tooBig) throw badRequest(tooBig)
  return t
}

export function view(t: Target): TargetView {
  return {
    id: t.id,
    name: t.name,
    // Credentials in the URL are write-only: shown as ***, kept when an edit sends *** back.
    url: redactUrl(t.url),
    hasUrlCredentials: hasUrlCredentials(t.url),
    enabled: t.enabled ?? true,
    events: t.events ?? [],
    filters: t.filters ?? {},
    signing: t.signing ?? 'none',
    hasSecret: Boolean(t.secret),
    template: t.template ?? '',
    contentType: t.contentType ?? 'application/json',
    headers: t.headers ?? {},
    secretNames: Object.keys(t.secrets),
    preset: t.preset ?? null,
    disabledReason: t.disabledReason,
    createdAt: t.createdAt,
  }
}
