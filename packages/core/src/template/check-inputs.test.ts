import { describe, expect, it } from 'vitest'
import { isCanonError } from '../errors'
import type { InputSpec } from '../model'
import { checkInputs } from './check-inputs'

const inputs: Record<string, InputSpec> = {
  ticket: { type: 'string', required: true, maxLength: 10 },
  format: { type: 'string', required: false, enum: ['detailed', 'summary'], default: 'summary' },
  sku: { type: 'string', required: false, pattern: '^[A-Z]{3}-\\d+$' },
  count: { type: 'integer', required: false },
  ratio: { type: 'number', required: false },
  urgent: { type: 'boolean', required: false },
  tags: { type: 'array', required: false, maxLength: 2 },
  customer: { type: 'object', required: false },
}

function problem(vars: unknown): string {
  try {
    checkInputs(inputs, vars as Record<string, unknown>)
  } catch (err) {
    if (isCanonError(err) && err.code === 'RENDER_FAILED') return err.message
    throw err
  }
  throw new Error('expected RENDER_FAILED')
}

describe('checkInputs', () => {
  it('returns the values with defaults applied, leaving optional inputs without default out', () => {
    const out = checkInputs(inputs, { ticket: 'hi', count: 2 })
    expect({ ...out }).toEqual({ ticket: 'hi', format: 'summary', count: 2 })
    // Nothing from Object.prototype behind it: templates can't find `toString` or `constructor`.
    expect('toString' in out).toBe(false)
    expect('constructor' in out).toBe(false)
  })

  it('reports a missing required input by name', () => {
    expect(problem({})).toBe('missing required input `ticket`')
  })

  it.each([
    [{ ticket: 5 }, 'input `ticket` must be a string, got the integer 5'],
    [{ ticket: null }, 'input `ticket` must be a string, got null'],
    [{ ticket: 'a', count: 1.5 }, 'input `count` must be an integer, got the number 1.5'],
    [{ ticket: 'a', ratio: Number.NaN }, 'input `ratio` must be a number, got NaN'],
    [{ ticket: 'a', ratio: '0.5' }, 'input `ratio` must be a number, got a string ("0.5")'],
    [{ ticket: 'a', urgent: 'yes' }, 'input `urgent` must be a boolean, got a string ("yes")'],
    [{ ticket: 'a', tags: 'x' }, 'input `tags` must be an array, got a string ("x")'],
    [{ ticket: 'a', customer: [] }, 'input `customer` must be an object, got an array'],
  ])('checks types: %j', (vars, message) => {
    expect(problem(vars)).toBe(message)
  })

  it('checks enum, maxLength (code points for strings, items for arrays) and pattern', () => {
    expect(problem({ ticket: 'a', format: 'short' })).toBe(
      'input `format` must be one of "detailed", "summary", got "short"',
    )
    expect(problem({ ticket: 'x'.repeat(11) })).toBe(
      'input `ticket` is 11 characters long, more than maxLength 10',
    )
    // Ten emoji are twenty UTF-16 units but ten characters.
    expect(checkInputs(inputs, { ticket: '😀'.repeat(10) }).ticket).toBe('😀'.repeat(10))
    expect(problem({ ticket: 'a', tags: [1, 2, 3] })).toBe(
      'input `tags` has 3 items, more than maxLength 2',
    )
    expect(problem({ ticket: 'a', sku: 'abc-1' })).toBe(
      'input `sku` does not match pattern /^[A-Z]{3}-\\d+$/',
    )
    expect(checkInputs(inputs, { ticket: 'a', sku: 'ABC-12' }).sku).toBe('ABC-12')
  })

  it('rejects unknown inputs, suggesting the declared name a typo was meant to be', () => {
    expect(problem({ ticket: 'a', fromat: 'summary' })).toBe(
      'unknown input `fromat` (did you mean `format`?)',
    )
    expect(problem({ ticket: 'a', zzz: 1 })).toContain(
      'unknown input `zzz` (declared inputs: ticket, format',
    )
  })

  it('reports every problem at once', () => {
    expect(problem({ count: 'x', extra: 1 })).toBe(
      'missing required input `ticket`; input `count` must be an integer, got a string ("x"); ' +
        'unknown input `extra` (declared inputs: ticket, format, sku, count, ratio, urgent, tags, customer)',
    )
  })

  it('treats inputs named like Object.prototype members as missing unless given', () => {
    const spec: InputSpec = { type: 'string', required: true }
    const specs: Record<string, InputSpec> = { toString: spec }
    expect(() => checkInputs(specs, {})).toThrow('missing required input `toString`')
    expect(checkInputs(specs, { toString: 'x' }).toString).toBe('x')
  })

  it('rejects a non-object', () => {
    expect(problem(['a'])).toBe('inputs must be an object of named values, got an array')
    expect(problem(null)).toBe('inputs must be an object of named values, got null')
  })

  it('fails clearly on an invalid pattern in the spec', () => {
    expect(() => checkInputs({ a: { type: 'string', required: false, pattern: '(' } }, {})).toThrow(
      /input `a` has an invalid pattern/,
    )
  })
})
