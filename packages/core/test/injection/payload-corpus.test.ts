/**
 * The template-injection corpus proves something only if its payloads are live: this file shows
 * that each payload's armed code writes its marker when run, and that unsandboxed nunjucks (its
 * own `renderString`, only here) runs or leaks exactly the payloads the corpus says it does. The
 * cross-path harness (apps/cli/test/template-injection.test.ts) then asserts Canon never does.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import { afterAll, describe, expect, it } from 'vitest'
import {
  FUNCTION_SOURCE,
  INJECTION_PAYLOADS,
  type PlainNunjucksOutcome,
  payloadCode,
  payloadInputs,
} from '../../src/testing'

const dir = mkdtempSync(join(tmpdir(), 'canon-corpus-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the template-injection corpus', () => {
  it('holds at least 40 payloads with unique kebab-case ids', () => {
    const ids = INJECTION_PAYLOADS.map((p) => p.id)
    expect(ids.length).toBeGreaterThanOrEqual(40)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  it('covers every technique issue 9 names', () => {
    const ids = new Set(INJECTION_PAYLOADS.map((p) => p.id))
    const required = [
      // constructor chains through range, cycler, joiner, loop, caller and super
      'range-constructor',
      'cycler-constructor',
      'joiner-constructor',
      'loop-constructor',
      'caller-constructor',
      'super-constructor',
      // attribute filters, with the name from a variable and from a literal
      'sort-attribute-variable',
      'sort-attribute-literal',
      'selectattr-variable',
      'map-attribute-variable',
      'groupby-attribute-variable',
      'groupby-attribute-literal',
      'sum-attribute-literal',
      'join-attribute-literal',
      'unique-attribute-variable',
      'dictsort-by-constructor',
      // every naming position
      'name-set-target',
      'name-block-set-target',
      'name-for-variable',
      'name-for-key',
      'name-for-value',
      'name-macro',
      'name-macro-parameter',
      'name-macro-keyword-default',
      'name-call-keyword-argument',
      'name-block',
      'name-attribute',
      'namespace-breakout-target',
      // include, import, extends
      'include-file',
      'import-as',
      'from-import-breakout',
      'extends',
      // prototype access and printed functions
      'proto-dict-key',
      'constructor-dict-key',
      'proto-set-target',
      'sort-first-range',
      // Jinja2
      'jinja-class-mro-subclasses',
      'jinja-cycler-globals',
      'jinja-self-template-reference',
      'jinja-lipsum',
      'jinja-request',
      'jinja-config',
      'str-format-attribute',
      // data stays data
      'input-is-not-template',
      'string-escapes-build-template',
    ]
    expect(required.filter((id) => !ids.has(id))).toEqual([])
  })

  it('self-check: the armed code writes the marker, as a statement and as a name breakout', () => {
    const statement = payloadCode(join(dir, 'self-statement'))
    new Function(statement.js)()
    expect(existsSync(join(dir, 'self-statement'))).toBe(true)

    // The breakout is what a name becomes inside nunjucks' generated `frame.set("<name>", …)`.
    const breakout = payloadCode(join(dir, 'self-breakout'))
    expect(breakout.breakout).toMatch(/^[^\s()[\]{}%*\-+~/#,:|.<>=!]+$/)
    new Function(`return "${breakout.breakout}"`)()
    expect(existsSync(join(dir, 'self-breakout'))).toBe(true)
  })

  describe('self-check: unsandboxed nunjucks runs or leaks what the corpus says', () => {
    const env = new nunjucks.Environment(null, { autoescape: false })
    for (const p of INJECTION_PAYLOADS) {
      it(`${p.id}: ${p.plainNunjucks}`, () => {
        const marker = join(dir, `plain-${p.id}`)
        const code = payloadCode(marker)
        let output = ''
        try {
          output = env.renderString(p.template(code), payloadInputs(code))
        } catch {
          // A payload nunjucks cannot compile or run is harmless there.
        }
        const seen: PlainNunjucksOutcome = existsSync(marker)
          ? 'executes'
          : FUNCTION_SOURCE.test(output)
            ? 'prints-function'
            : 'harmless'
        expect(seen).toBe(p.plainNunjucks)
      })
    }
  })
})
