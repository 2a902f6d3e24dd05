import { describe, expect, it } from 'vitest'
import { decodeUtf8, firstInvalidUtf8 } from './utf8'

const bytes = (...xs: Array<number | string>) =>
  new Uint8Array(xs.flatMap((x) => (typeof x === 'string' ? [...Buffer.from(x, 'utf8')] : [x])))

describe('decodeUtf8', () => {
  it('decodes valid UTF-8 and drops a BOM', () => {
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 'café ✓'))).toEqual({ ok: true, text: 'café ✓' })
  })

  it('points at the first bad byte by line and column', () => {
    expect(decodeUtf8(bytes('name: a\ntemplate: caf', 0xe9, ' au lait\n'))).toEqual({
      ok: false,
      line: 2,
      col: 14,
      byte: 0xe9,
    })
  })

  it('counts columns in characters after multi-byte text on the same line', () => {
    expect(decodeUtf8(bytes('ü→', 0xff))).toMatchObject({ ok: false, line: 1, col: 3 })
  })

  it('reports a bad first byte at 1:1', () => {
    expect(decodeUtf8(bytes(0xff, 'abc'))).toMatchObject({ ok: false, line: 1, col: 1 })
  })
})

describe('firstInvalidUtf8', () => {
  it.each([
    ['overlong encoding', [0x61, 0xc0, 0xaf], 1],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['truncated sequence', [0x61, 0x62, 0xe2, 0x82], 2],
    ['bad continuation', [0xe2, 0x28, 0xa1], 0],
  ])('finds a %s', (_name, input, at) => {
    expect(firstInvalidUtf8(new Uint8Array(input))).toBe(at)
  })

  it('returns -1 for valid text', () => {
    expect(firstInvalidUtf8(bytes('plain, ü, →, 😀'))).toBe(-1)
  })
})
