// Draws the tray and app icons into resources/ (run by hand when they change; the PNGs are committed).
// A small PNG encoder over node:zlib keeps this free of image tooling.
import { writeFileSync, mkdirSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

function crc32(buf) {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) raw.set(pixel(x + 0.5, y + 0.5, size), y * (size * 4 + 1) + 1 + x * 4)
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

/** A bell: a dome, a lip and a clapper, in `color`; `mark` adds a paused bar or a disconnected slash. */
function bell(color, mark) {
  return (x, y, s) => {
    const u = x / s
    const v = y / s
    const dome = (u - 0.5) ** 2 / 0.09 + (v - 0.5) ** 2 / 0.12 < 1 && v < 0.72 && v > 0.16
    const lip = v >= 0.66 && v < 0.76 && Math.abs(u - 0.5) < 0.38
    const clapper = (u - 0.5) ** 2 + (v - 0.83) ** 2 < 0.006
    let inside = dome || lip || clapper
    if (mark === 'slash' && Math.abs(u - v) < 0.06) return [90, 90, 90, 255]
    if (mark === 'pause' && v > 0.3 && v < 0.62 && (Math.abs(u - 0.42) < 0.04 || Math.abs(u - 0.58) < 0.04)) inside = false
    return inside ? [...color, 255] : [0, 0, 0, 0]
  }
}

mkdirSync('resources', { recursive: true })
const states = {
  ok: bell([47, 133, 90]),
  warning: bell([214, 158, 46]),
  critical: bell([198, 40, 40]),
  paused: bell([120, 120, 120], 'pause'),
  disconnected: bell([150, 150, 150], 'slash'),
}
for (const [name, draw] of Object.entries(states)) {
  writeFileSync(`resources/tray-${name}.png`, png(32, draw))
}
writeFileSync('resources/icon.png', png(512, bell([58, 92, 204])))
console.log('icons written to resources/')
