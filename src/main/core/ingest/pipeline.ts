// verify → parse → dedupe → normalize → commit, for direct and relayed deliveries alike. Every outcome is
// written to the delivery log; the answer's 2xx comes only after the commit. Every effect of an accepted
// delivery (incident, timeline, delivery-log row, and what incident/effects.ts says the change causes: outbox
// rows of automatic forwards) is in its transaction, which it shares with the deliveries that arrived alongside
// it (group commit). Work that only informs (events, toasts, waking the forwarder) runs after the answer.
import type { DeliveryOutcome, DeliveryView } from '../../../shared/model'
import type { NormalizeResult, Prepared, Provider, ProviderServices, RawRequest } from '../providers/types'
import { sha256Hex } from '../providers/signature'
import { normalizeDelivery } from '../providers'
import { provenanceOf } from '../providers/provenance'
import type { Effects } from '../incident/effects'
import type { GroupCommit } from '../../../server-common/group-commit'
import { describeDelivery, type DeliveryLog, type DeliveryRecord } from '../store/delivery-log'
import type { Applied, IncidentStore } from '../store/incident-store'
import type { Settings } from '../settings/settings'
import { isJsonContentType, unsupportedContentEncoding } from '../../../server-common/http'
import { parseBounded } from '../limits/json-limits'
import { limitEvent } from '../limits/field-limits'
import { boundSourceTimes } from './source-time'
import { committedOutcome } from './outcome'
import { redactHeaders } from './raw-snapshot'

/**
 * An identical body for the same integration within this window is a redelivery (Sentry retries for
 * 15 minutes, Checkly for 100 s, the relay replays after a crash), not a new occurrence. Tools that repeat
 * an unchanged alert on purpose are counted again after the window.
 */
export const REDELIVERY_WINDOW_MS = 60 * 60_000

export interface IngestResult {
  status: number
  body: Record<string, unknown>
  headers?: Record<string, string>
  delivery: DeliveryView
  applied: Applied[]
}

export interface IngestDeps {
  commit: GroupCommit
  settings: Settings
  incidents: IncidentStore
  deliveries: DeliveryLog
  providers: ReadonlyMap<string, Provider>
  /** Keys a provider's `prepare` may fetch (SNS certificates, cached in the data folder). */
  services?: ProviderServices
  now: () => number
  log: (message: string) => void
  /** What the delivery's changes cause: in its transaction, and after the commit and the answer. */
  effects: Pick<Effects, 'inTransaction' | 'afterDelivery'>
}

export function createIngest(deps: IngestDeps) {
  const { settings, incidents, deliveries, providers } = deps

  function finish(result: IngestResult): IngestResult {
    setImmediate(() => {
      try {
        deps.effects.afterDelivery(result.delivery, result.applied)
      } catch (error) {
        deps.log(`[ingest] after-commit work failed: ${String(error)}`)
      }
    })
    return result
  }

  async function reject(
    request: RawRequest,
    status: number,
    reason: string,
    context: { integrationId: string | null; provider: Provider | undefined; fingerprint?: string },
  ): Promise<IngestResult> {
    const entry: DeliveryRecord = {
      receivedAt: request.receivedAt,
      integrationId: context.integrationId,
      provider: context.provider?.id ?? null,
      via: request.via,
      status,
      outcome: 'rejected',
      reason,
      fingerprint: context.fingerprint ?? null,
      headers: redactHeaders(request.headers, context.provider, 'log'),
      body: request.body.length > 0 ? request.body : null,
      // A body refused for its size was never read: the size it declared is what there is to show.
      size: request.body.length || Number(request.headers['content-length']) || 0,
      incidentIds: [],
    }
    const body = { error: { code: codeFor(status), message: reason } }
    try {
      return finish({ status, body, delivery: await deps.commit.run(() => deliveries.record(entry)), applied: [] })
    } catch (error) {
      // The refusal stands even when the log cannot take it (disk full): the sender still gets its answer.
      deps.log(`[ingest] could not log a refused delivery: ${String(error)}`)
      return { status, body, delivery: describeDelivery(entry, 0), applied: [] }
    }
  }

  /**
   * Handles one delivery. Never throws: every failure is an answer with a status and a log entry. Resolves
   * once the delivery's transaction has committed.
   */
  async function ingest(integrationId: string, request: RawRequest): Promise<IngestResult> {
    const integration = settings.integration(integrationId)
    if (!integration) {
      return reject(request, 404, 'unknown integration: check the URL, or the integration was deleted', {
        integrationId: null,
        provider: undefined,
      })
    }
    const provider = providers.get(integration.provider)
    const context = { integrationId, provider }
    if (!provider) return reject(request, 404, `provider ${integration.provider} is not available`, context)

    if (!acceptsContentType(provider, request.headers['content-type'])) {
      return reject(
        request,
        415,
        `Content-Type must be ${(provider.contentTypes ?? ['application/json']).join(' or ')} (got ${request.headers['content-type'] ?? 'none'})${provider.contentTypeAdvice ? `: ${provider.contentTypeAdvice}` : ''}`,
        context,
      )
    }

    const encoding = unsupportedContentEncoding(request.headers['content-encoding'])
    if (encoding) return reject(request, 415, encoding, context)

    // Signed timestamps are checked against when the delivery arrived: for a relayed one that is the relay's
    // stamp (never later than now, see relay/relay-items.ts), so an alert that waited out a laptop's sleep
    // on the relay is not refused as stale after the relay already answered the provider 202.
    // Only a provider whose key lives elsewhere (SNS's certificate) waits here; the others go straight on.
    let prepared: Prepared | undefined
    if (provider.prepare) {
      const ready = await prepareSafely(provider, request, deps)
      if (!ready.ok) {
        const result = await reject(request, ready.status, ready.reason, context)
        // A certificate that could not be fetched is worth a retry (SNS retries 5xx): say when.
        return ready.status === 503 ? { ...result, headers: { 'retry-after': '30' } } : result
      }
      prepared = ready.prepared
    }
    const verified = provider.verify(
      request,
      integration.secrets,
      Math.min(request.receivedAt, deps.now()),
      integration.options,
      prepared,
    )
    if (!verified.ok) return reject(request, verified.status, verified.reason, context)

    const parsed = parseBounded(request.body, provider.parse?.bind(provider))
    if (!parsed.ok) return reject(request, 400, parsed.reason, context)
    const payload = parsed.value

    const fingerprint = sha256Hex(integrationId, '\0', request.body)
    const normalized = normalizeSafely(
      () => normalizeDelivery(provider, payload, request, integration.options),
      provider,
      deps.log,
    )
    if (normalized.ok)
      normalized.events = normalized.events.map((event) => boundSourceTimes(limitEvent(event), request.receivedAt))
    if (!normalized.ok) {
      return reject(request, 400, `payload not recognised as ${provider.name}: ${normalized.reason}`, {
        ...context,
        fingerprint,
      })
    }

    try {
      return finish(
        await deps.commit.run(() => {
          // The delivery's id comes first: its incidents point at it for their raw view (the body is stored
          // once, in the delivery log), and the row itself is written last, when it knows their ids.
          const deliveryId = deliveries.reserveId()
          const headers = redactHeaders(request.headers, provider, 'log')
          const record = (outcome: DeliveryOutcome, status: number, reason: string | null, ids: string[]) =>
            deliveries.record(
              {
                receivedAt: request.receivedAt,
                integrationId,
                provider: provider.id,
                via: request.via,
                status,
                outcome,
                reason,
                fingerprint,
                headers,
                body: request.body,
                size: request.body.length,
                incidentIds: ids,
              },
              deliveryId,
            )

          if (deliveries.seenSince(fingerprint, request.receivedAt - REDELIVERY_WINDOW_MS)) {
            const delivery = record('duplicate', 200, 'redelivery of a delivery already committed', [])
            return {
              status: 200,
              body: { status: 'duplicate', reason: delivery.reason, deliveryId: delivery.id },
              delivery,
              applied: [],
            }
          }

          // The headers go along for provenance (which signature headers were present, not their values); the
          // body is not copied. The logged ones serve: the view's redaction happens where the raw view is read.
          const source = { delivery: deliveryId, headers }
          // The fingerprint goes with each event: a resolve or acknowledge is remembered with its incident, so
          // replaying it later (a captured signed body, a day on) changes nothing (store/state-changes.ts).
          // Only where deliveries are authenticated: without a secret (an unsigned generic webhook, Retrace)
          // anyone who could replay a body can as well write a new one, and the memory would only stop a
          // monitor that always sends the same resolve body from closing its alert once it fired again.
          const stateChange = integration.secrets.length > 0 ? fingerprint : undefined
          // Each event carries how its delivery proved its origin (signed by the provider, or vouched for by
          // the relay; providers/provenance.ts), kept with the incident's details and on its timeline.
          const provenance = provenanceOf(provider, integration, { headers, via: request.via })
          const applied = normalized.events.map((event) =>
            incidents.apply(integrationId, provider.id, { ...event, provenance }, source, request.receivedAt, stateChange),
          )
          deps.effects.inTransaction(applied, 'delivery')
          const ids = applied.map((a) => a.incident.id)
          const { outcome, status, reason } = committedOutcome(applied, normalized.note)
          const delivery = record(outcome, status, reason, ids)
          return {
            status,
            // The sender sees why a delivery changed nothing, in the words of the delivery log.
            body: { status: delivery.outcome, ...(reason ? { reason } : {}), deliveryId: delivery.id, incidents: ids },
            delivery,
            applied,
          }
        }),
      )
    } catch (error) {
      // Storage trouble is transient from the sender's side: 503 is what Sentry, Checkly and Alertmanager
      // all retry, so the delivery is not lost.
      // Its savepoint was rolled back: nothing of it is stored, and the deliveries it was grouped with are
      // unaffected.
      deps.log(`[ingest] could not commit a delivery: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      const result = await reject(request, 503, 'Hookbell could not store this delivery right now; retry later', context)
      return { ...result, headers: { 'retry-after': '30' } }
    }
  }

  /** A delivery refused before its body was read (too large): logged like every other rejection. */
  function refuse(integrationId: string, request: RawRequest, status: number, reason: string): Promise<IngestResult> {
    const integration = settings.integration(integrationId)
    return reject(request, status, reason, {
      integrationId: integration ? integrationId : null,
      provider: integration ? providers.get(integration.provider) : undefined,
    })
  }

  return { ingest, refuse }
}

export type Ingest = ReturnType<typeof createIngest>

function codeFor(status: number): string {
  return (
    {
      400: 'bad_request',
      401: 'unauthorized',
      404: 'unknown_integration',
      413: 'too_large',
      415: 'unsupported_media_type',
      503: 'unavailable',
    }[status] ?? 'error'
  )
}

function acceptsContentType(provider: Provider, value: string | undefined): boolean {
  if (!provider.contentTypes) return isJsonContentType(value)
  const type = (value ?? '').split(';')[0]!.trim().toLowerCase()
  return provider.contentTypes.includes(type)
}

const NO_SERVICES: ProviderServices = {
  certificate: async () => ({ ok: false, reason: 'this Hookbell has no certificate store' }),
}

/** `prepare` never throws at the sender: a bug or an unexpected failure is a 503 it retries, and a log line. */
async function prepareSafely(provider: Provider, request: RawRequest, deps: IngestDeps) {
  try {
    return await provider.prepare!(request, deps.services ?? NO_SERVICES)
  } catch (error) {
    deps.log(
      `[ingest] the ${provider.id} key lookup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    )
    return {
      ok: false as const,
      status: 503 as const,
      reason: 'Hookbell could not look up the signing key right now; retry later',
    }
  }
}

/**
 * A normalizer that throws on some payload is a bug, but the sender must still get a clear refusal (and the
 * delivery a log entry the user can replay once fixed) rather than a 503 it would retry for ever.
 */
function normalizeSafely(normalize: () => NormalizeResult, provider: Provider, log: (message: string) => void): NormalizeResult {
  try {
    return normalize()
  } catch (error) {
    log(
      `[ingest] the ${provider.id} normalizer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    )
    return { ok: false, reason: `Hookbell could not read it (${error instanceof Error ? error.message : String(error)})` }
  }
}
