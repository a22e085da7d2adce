// The relay wire format, shared by the relay server and the app's poller.

/** One delivery as the relay kept it: verbatim, so the app can verify the provider's own signature. */
export interface RelayedDelivery {
  seq: number
  receivedAt: number
  method: string
  /** The query string, with its `?` (carries `integration=<id>`). */
  query: string
  headers: Record<string, string>
  /** Raw body bytes, base64. */
  body: string
}

export interface RelayPage {
  deliveries: RelayedDelivery[]
  /** The highest seq the relay holds for the channel (for the lag shown in status). */
  latestSeq: number
}

/** Longest long-poll the relay grants; proxies commonly cut idle requests at 60 s. */
export const MAX_WAIT_SECONDS = 30
