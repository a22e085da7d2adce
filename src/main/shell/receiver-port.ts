// The receiver port is a setting in the desktop app: a change moves the receiver at once (the fix for a
// port another program took), and instance.json follows so the CLI sends to the right place.
import type { Core } from '../core'

export function followReceiverPort(core: Core, onMoved: (receiverUrl: string | undefined) => void): void {
  let current = core.settings.preferences().receiverPort
  core.events.subscribe((event) => {
    if (event.type !== 'status.changed') return
    const wanted = core.settings.preferences().receiverPort
    if (wanted === current) return
    current = wanted
    void core.moveReceiver(wanted).then((listening) => onMoved(listening ? core.receiverUrl() : undefined))
  })
}
