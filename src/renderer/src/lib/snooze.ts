// How long a snooze lasts: asked every time, never assumed.
export interface SnoozeChoice {
  label: string
  until(now: Date): Date
}

const later = (minutes: number) => (now: Date) => new Date(now.getTime() + minutes * 60_000)

export const SNOOZE_CHOICES: SnoozeChoice[] = [
  { label: '1 hour', until: later(60) },
  { label: '4 hours', until: later(240) },
  {
    label: 'Until tomorrow 9:00',
    until: (now) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0),
  },
  { label: '1 day', until: later(1440) },
  { label: '1 week', until: later(7 * 1440) },
]
