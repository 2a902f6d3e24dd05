import { describe, expect, it } from 'vitest'
import { definitionText } from './definition-text'
import { lineDiff } from './line-diff'

describe('version diff', () => {
  it('shows changed template lines with their numbers on each side', () => {
    const before = definitionText({
      name: 'P',
      version: 1,
      model: { name: 'gpt-4o-mini', max_tokens: 700 },
      template: 'Hello {{ who }}\nBe brief.\n',
    })
    const after = definitionText({
      name: 'P',
      version: 2,
      model: { name: 'gpt-4o-mini', max_tokens: 500 },
      template: 'Hello {{ who }}\nBe very brief.\n',
    })
    const diff = lineDiff(before, after)
    const lines = diff.blocks.flatMap((b) => b.lines)
    expect(lines.filter((l) => l.kind === 'removed').map((l) => l.text)).toEqual([
      'version: 1',
      '  max_tokens: 700',
      '  Be brief.',
    ])
    expect(lines.filter((l) => l.kind === 'added').map((l) => l.text)).toEqual([
      'version: 2',
      '  max_tokens: 500',
      '  Be very brief.',
    ])
    expect(lines.find((l) => l.text === '  Be very brief.')?.newNo).toBe(8)
    expect(diff).toMatchObject({ added: 3, removed: 3 })
  })

  it('folds long unchanged runs, keeping context around changes', () => {
    const body = Array.from({ length: 30 }, (_, i) => `line ${i}`)
    const changed = [...body]
    changed[15] = 'line fifteen'
    const diff = lineDiff(`${body.join('\n')}\n`, `${changed.join('\n')}\n`, 3)
    expect(diff.blocks.map((b) => [b.kind, b.lines.length])).toEqual([
      ['fold', 12],
      ['lines', 8],
      ['fold', 11],
    ])
  })

  it('lays out a definition in authoring order with templates as blocks', () => {
    expect(
      definitionText({
        template: 'a\nb',
        name: 'P',
        tags: ['x', 'y'],
        messages: undefined,
        inputs: { who: { type: 'string', required: true } },
      }),
    ).toBe(
      'name: P\ntags: [x, y]\ninputs:\n  who:\n    type: string\n    required: true\ntemplate: |\n  a\n  b\nmessages: null\n',
    )
  })
})
