import type { PromptDefinition } from '@canon/core'
import { describe, expect, it } from 'vitest'
import { generatePromptTypes } from './generate-types'

const def = (over: Partial<PromptDefinition>): PromptDefinition => ({
  name: 'P',
  version: 1,
  tags: [],
  owners: [],
  inputs: {},
  model: {},
  template: 'x',
  ...over,
})

describe('generatePromptTypes', () => {
  it('types inputs by kind, requiredness, defaults and enums, and quotes odd names', () => {
    const text = generatePromptTypes([
      def({
        name: 'team.summarize-v2',
        description: 'Summarizes */ tickets',
        inputs: {
          'user-name': { type: 'string', required: true },
          level: { type: 'integer', required: true, enum: [1, 2, 3] },
          tone: { type: 'string', required: true, default: 'plain', enum: ["it's", 'plain'] },
          flags: { type: 'object', required: false },
          items: { type: 'array', required: true, description: 'Line items' },
          loud: { type: 'boolean', required: false },
        },
      }),
      def({ name: 'Chat', messages: [{ role: 'user', content: 'hi' }], template: undefined }),
    ])
    expect(text).toContain("  'team.summarize-v2': {")
    expect(text).toContain("        'user-name': string")
    expect(text).toContain('        level: 1 | 2 | 3')
    expect(text).toContain("        tone?: 'it\\'s' | 'plain'")
    expect(text).toContain('        flags?: Record<string, unknown>')
    expect(text).toContain('        items: readonly unknown[]')
    expect(text).toContain('        loud?: boolean')
    expect(text).toContain('@default "plain"')
    expect(text).toContain('/** Summarizes *\\/ tickets */')
    expect(text).toMatch(/Chat: \{\n {4}1: \{\n {6}kind: 'chat'\n {6}vars: Record<string, never>/)
    expect(text).toContain(
      "declare module '@canon/sdk' {\n  interface CanonPrompts extends Prompts {}\n}",
    )
  })

  it('refuses two definitions of the same version', () => {
    expect(() => generatePromptTypes([def({}), def({})])).toThrow(/two definitions of P v1/)
  })
})
