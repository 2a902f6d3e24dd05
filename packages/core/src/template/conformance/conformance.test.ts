/**
 * Jinja2 conformance (SPEC §1 "Jinja2 fidelity"): every entry of jinja-fixtures.json was
 * rendered by Python Jinja2 3.1 (scripts/record-jinja-fixtures.py, run by hand). Canon must
 * print the same bytes, or, where Jinja2 failed, fail too: rejected at analysis with a
 * position, or a render error with the template position. Never a silent difference. What Canon
 * refuses although Jinja2 renders it is pinned in canon-refusals.json (regenerate it only on purpose).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isCanonError } from '../../errors'
import { compileTemplate } from '../compile-template'
import { copyVars } from '../template-vars'

interface Entry {
  id: string
  template: string
  vars: string | Record<string, unknown>
  output?: string
  error?: string
  message?: string
}

const fixture = JSON.parse(
  readFileSync(new URL('./jinja-fixtures.json', import.meta.url), 'utf8'),
) as { jinja2: string; vars: Record<string, Record<string, unknown>>; entries: Entry[] }

/**
 * Entries Jinja2 renders and Canon refuses (at analysis with a position, or at render for the
 * documented limits), with the reason Canon gives. Pinned, so a construct Canon starts refusing
 * or stops refusing fails the test instead of passing silently.
 */
const refusals = JSON.parse(
  readFileSync(new URL('./canon-refusals.json', import.meta.url), 'utf8'),
) as Record<string, string>

type Outcome = { output: string } | { rejected: string } | { failed: string }

function canon(entry: Entry): Outcome {
  const vars = typeof entry.vars === 'string' ? fixture.vars[entry.vars] : entry.vars
  let template: ReturnType<typeof compileTemplate>
  try {
    template = compileTemplate(entry.template, { file: 'case', line: 1, col: 1 })
  } catch (err) {
    if (!isCanonError(err)) throw err
    return { rejected: err.message }
  }
  try {
    return { output: template.renderChecked(copyVars(vars ?? {})) }
  } catch (err) {
    if (!isCanonError(err)) throw err
    return { failed: err.message }
  }
}

describe(`Jinja2 ${fixture.jinja2} conformance (${fixture.entries.length} entries)`, () => {
  it('the corpus covers the example prompts and several hundred constructs', () => {
    expect(fixture.jinja2).toMatch(/^3\.1\./)
    // Every example prompt × every case of its golden dataset × every message.
    const examples = fixture.entries.filter((e) => e.id.includes('.yaml '))
    expect(new Set(examples.map((e) => e.id.split(' ')[0])).size).toBe(5)
    expect(examples.length).toBeGreaterThanOrEqual(100)
    expect(fixture.entries.length).toBeGreaterThanOrEqual(500)
  })

  it.each(fixture.entries.filter((e) => e.output !== undefined).map((e) => [e.id, e] as const))(
    '%s',
    (_id, entry) => {
      const got = canon(entry)
      const refusal = Object.hasOwn(refusals, entry.id) ? refusals[entry.id] : undefined
      if (refusal === undefined) {
        expect(got).toEqual({ output: entry.output })
        return
      }
      // Canon may refuse a construct Jinja2 accepts, but only at analysis, with its position…
      if ('rejected' in got) {
        expect(got.rejected).toMatch(/case:\d+:\d+: error:/)
        expect(got.rejected).toContain(refusal)
        return
      }
      // …or at render for the documented limits: ints past 2^53, which JavaScript cannot hold,
      // complex numbers, and a generator read again while Jinja2 would still be reading it lazily.
      if ('failed' in got && /beyond 2\^53|complex number|reads it lazily/.test(got.failed)) {
        expect(got.failed).toMatch(/^template line \d+, column \d+: /)
        expect(got.failed).toContain(refusal)
        return
      }
      expect.fail(
        `${entry.id} is pinned as refused (${refusal}) but Canon answered ${JSON.stringify(got)}`,
      )
    },
  )

  it.each(fixture.entries.filter((e) => e.error !== undefined).map((e) => [e.id, e] as const))(
    '%s fails in Jinja2, and in Canon',
    (_id, entry) => {
      const got = canon(entry)
      expect(got).not.toHaveProperty('output')
      if ('rejected' in got) expect(got.rejected).toMatch(/case:\d+:\d+: error:/)
      else expect((got as { failed: string }).failed).toMatch(/^template line \d+, column \d+: /)
    },
  )
})
