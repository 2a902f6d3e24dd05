/**
 * Randomly mangled prompt files (seeded, so failures reproduce) must never make the loader throw:
 * a user always gets diagnostics with real positions, never a stack trace.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePromptSource } from '../src/load'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const seeds = [
  ...readdirSync(join(ROOT, 'prompts'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(ROOT, 'prompts', f), 'utf8')),
  ...readdirSync(join(import.meta.dirname, 'bad'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(import.meta.dirname, 'bad', f), 'utf8')),
]

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ':',
  '- ',
  ' ',
  '\n',
  '"',
  "'",
  '&a ',
  '*a',
  '!!str ',
  '|',
  '>',
  '#',
].concat([
  '{{',
  '}}',
  '{%',
  '%}',
  '$ref',
  'constructor',
  '\t',
  '? ',
  ',',
  '0',
  '\u2028',
  '\\',
  '<<: ',
])

function mangler(seed: number) {
  let s = seed
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s % n
  }
  return (text: string) => {
    let t = text
    for (let j = 0, k = 1 + rnd(8); j < k; j += 1) {
      const at = rnd(t.length + 1)
      t =
        rnd(3) === 0
          ? t.slice(0, at) + t.slice(at + 1 + rnd(5))
          : t.slice(0, at) + PIECES[rnd(PIECES.length)] + t.slice(at)
    }
    return t
  }
}

describe('mangled input', () => {
  it('never throws and always reports real positions', { timeout: 60_000 }, () => {
    const mangle = mangler(20261121)
    const schemaFile = () => '{"$schema": "http://example.com/unknown", "type": "object"}'
    for (let i = 0; i < 400; i += 1) {
      const text = mangle(seeds[i % seeds.length] as string)
      const lines = text.split('\n').length
      const { diagnostics } = parsePromptSource(text, 'm.yaml', { readFile: schemaFile })
      for (const d of diagnostics) {
        expect(d.line, text).toBeGreaterThanOrEqual(1)
        expect(d.line, text).toBeLessThanOrEqual(lines + 1)
        expect(d.col, text).toBeGreaterThanOrEqual(1)
        expect(d.message, text).not.toMatch(/undefined|NaN|\[object /)
      }
    }
  })
})
