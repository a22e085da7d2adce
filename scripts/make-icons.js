// Every icon Hookbell ships, drawn from one source: the bell below. Run `npm run icons` when the drawing
// changes; the outputs are committed so a build needs no image tooling.
//
//   build/icon.icns, build/icon.ico, build/icons/NxN.png   app icon per platform (electron-builder)
//   resources/tray/tray-<state>.png (+ @2x)                 16/32 px colour tray icons (Windows, Linux)
//   resources/tray/tray-<state>Template.png (+ @2x)         macOS menu bar: black + alpha, the OS tints it
//
// macOS discards a template image's colour, so each state also differs in shape (a badge, bars, a slash):
// https://www.electronjs.org/docs/latest/api/native-image#template-image
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function crc32(buf) {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

/** A PNG (RGBA, 8 bit) from `pixel(u, v)` → [r, g, b, a] over the unit square, 4×4 supersampled. */
function png(size, pixel) {
  const row = size * 4 + 1
  const raw = Buffer.alloc(row * size)
  const n = 4
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++) {
          const [pr, pg, pb, pa] = pixel((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size)
          r += pr * pa
          g += pg * pa
          b += pb * pa
          a += pa
        }
      const at = y * row + 1 + x * 4
      raw[at + 3] = Math.round(a / (n * n))
      if (a > 0) raw.set([Math.round(r / a), Math.round(g / a), Math.round(b / a)], at)
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** The source: a bell (dome, lip, clapper) in the unit square, with an optional mark for the tray state. */
function bellShape(u, v, mark) {
  const dome = (u - 0.5) ** 2 / 0.09 + (v - 0.5) ** 2 / 0.12 < 1 && v < 0.72 && v > 0.14
  const lip = v >= 0.66 && v < 0.77 && Math.abs(u - 0.5) < 0.4
  const clapper = (u - 0.5) ** 2 + (v - 0.86) ** 2 < 0.008
  let inside = dome || lip || clapper
  const badge = (u - 0.8) ** 2 + (v - 0.22) ** 2
  if (mark === 'pause' && v > 0.32 && v < 0.62 && (Math.abs(u - 0.42) < 0.045 || Math.abs(u - 0.58) < 0.045)) inside = false
  if (mark === 'slash') {
    if (Math.abs(u - v) < 0.055) return 'mark'
    if (Math.abs(u - v) < 0.12) inside = false
  }
  if (mark === 'dot' || mark === 'ring') {
    // A badge at the top right, cut out of the bell so it reads at 16 px.
    if (badge < 0.2 ** 2) {
      if (mark === 'dot' && badge < 0.15 ** 2) return 'mark'
      if (mark === 'ring' && badge < 0.15 ** 2 && badge > 0.08 ** 2) return 'mark'
      return 'none'
    }
  }
  if (mark === 'waves') {
    // Ringing: an arc either side of the dome, where a plain bell has nothing.
    const r = Math.sqrt((u - 0.5) ** 2 + (v - 0.45) ** 2)
    if (!inside && r > 0.4 && r < 0.48 && Math.abs(u - 0.5) > 0.3 && v < 0.7) return 'mark'
  }
  return inside ? 'bell' : 'none'
}

const TRAY_STATES = {
  ok: { color: [47, 133, 90], mark: null },
  warning: { color: [214, 158, 46], mark: 'ring' },
  critical: { color: [198, 40, 40], mark: 'dot' },
  // A critical still unanswered after its toast (notify/repeat.ts): the bell ringing.
  waiting: { color: [198, 40, 40], mark: 'waves' },
  paused: { color: [120, 120, 120], mark: 'pause' },
  disconnected: { color: [150, 150, 150], mark: 'slash' },
}

const trayColour =
  ({ color, mark }) =>
  (u, v) => {
    const part = bellShape(u, v, mark)
    if (part === 'none') return [0, 0, 0, 0]
    return part === 'mark' ? [...color.map((c) => Math.round(c * 0.7)), 255] : [...color, 255]
  }
const trayTemplate =
  ({ mark }) =>
  (u, v) =>
    bellShape(u, v, mark) === 'none' ? [0, 0, 0, 0] : [0, 0, 0, 255]

/** The app icon: a white bell on a rounded blue square (macOS and Windows show it as is). */
function appIcon(u, v) {
  const r = 0.2
  const dx = Math.max(Math.abs(u - 0.5) - (0.45 - r), 0)
  const dy = Math.max(Math.abs(v - 0.5) - (0.45 - r), 0)
  if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0]
  const inner = bellShape((u - 0.5) / 0.7 + 0.5, (v - 0.5) / 0.7 + 0.5, null)
  if (inner !== 'none') return [255, 255, 255, 255]
  const shade = 1 - 0.25 * v
  return [Math.round(58 * shade), Math.round(92 * shade), Math.round(204 * shade), 255]
}

/** Apple icon container: 'icns', total length, then (type, length incl. header, PNG data) per size. */
function icns(entries) {
  const parts = entries.map(([type, data]) => {
    const header = Buffer.alloc(8)
    header.write(type, 0, 'ascii')
    header.writeUInt32BE(data.length + 8, 4)
    return Buffer.concat([header, data])
  })
  const header = Buffer.alloc(8)
  header.write('icns', 0, 'ascii')
  header.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4)
  return Buffer.concat([header, ...parts])
}

/** Windows icon with PNG-compressed images (Vista and later); width/height 0 means 256. */
function ico(images) {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = 6 + 16 * images.length
  const dir = images.map(([size, data]) => {
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size >= 256 ? 0 : size, 0)
    entry.writeUInt8(size >= 256 ? 0 : size, 1)
    entry.writeUInt16LE(1, 4)
    entry.writeUInt16LE(32, 6)
    entry.writeUInt32LE(data.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += data.length
    return entry
  })
  return Buffer.concat([header, ...dir, ...images.map(([, data]) => data)])
}

function write(relative, data) {
  const path = join(root, relative)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, data)
}

const appPng = new Map([16, 24, 32, 48, 64, 128, 256, 512, 1024].map((s) => [s, png(s, appIcon)]))
// https://en.wikipedia.org/wiki/Apple_Icon_Image_format#Icon_types
write(
  'build/icon.icns',
  icns([
    ['icp4', appPng.get(16)],
    ['icp5', appPng.get(32)],
    ['ic11', appPng.get(32)],
    ['ic12', appPng.get(64)],
    ['ic07', appPng.get(128)],
    ['ic08', appPng.get(256)],
    ['ic13', appPng.get(256)],
    ['ic09', appPng.get(512)],
    ['ic14', appPng.get(512)],
    ['ic10', appPng.get(1024)],
  ]),
)
write('build/icon.ico', ico([16, 24, 32, 48, 64, 128, 256].map((s) => [s, appPng.get(s)])))
for (const s of [16, 32, 48, 64, 128, 256, 512]) write(`build/icons/${s}x${s}.png`, appPng.get(s))
write('resources/icon.png', appPng.get(512))

for (const [name, state] of Object.entries(TRAY_STATES)) {
  write(`resources/tray/tray-${name}.png`, png(16, trayColour(state)))
  write(`resources/tray/tray-${name}@2x.png`, png(32, trayColour(state)))
  write(`resources/tray/tray-${name}Template.png`, png(16, trayTemplate(state)))
  write(`resources/tray/tray-${name}Template@2x.png`, png(32, trayTemplate(state)))
}
console.log('icons written to build/ and resources/tray/')
