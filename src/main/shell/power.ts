// After sleep or an unlocked screen the relay may hold deliveries: poll at once, and show what piled up as
// one digest instead of a burst of toasts. https://www.electronjs.org/docs/latest/api/power-monitor
import { powerMonitor } from 'electron'

export function catchUpAfterSleep(relay: { wake(options: { catchUp: boolean }): void }): void {
  powerMonitor.on('resume', () => relay.wake({ catchUp: true }))
  powerMonitor.on('unlock-screen', () => relay.wake({ catchUp: true }))
}
