import { describe, expect, it } from 'vitest'
import { type CanonError, isCanonError } from '../errors'
import type { PromptDefinition } from '../model'
import { compilePrompt } from './compile-prompt'
import { compileTemplate } from './compile-template'

const SUMMARIZE = `Summarize the ticket.
{% if output_format == 'detailed' %}Answer with {"customer_issue", "urgency", "summary"}.{% else %}Answer with {"summary", "urgency"}.{% endif %}
<ticket>
{{ support_ticket_text | trim }}
</ticket>`

function textPrompt(
  template = SUMMARIZE,
  inputs: PromptDefinition['inputs'] = {
    support_ticket_text: { type: 'string', required: true },
    output_format: {
      type: 'string',
      required: false,
      enum: ['detailed', 'summary'],
      default: 'summary',
    },
  },
): PromptDefinition {
  return {
    name: 'SummarizeSupportTicket',
    version: 1,
    tags: [],
    owners: [],
    model: {},
    inputs,
    template,
  }
}

function thrown(fn: () => unknown): CanonError {
  try {
    fn()
  } catch (err) {
    if (isCanonError(err)) return err
    throw err
  }
  throw new Error('expected a CanonError')
}

describe('compilePrompt: text prompts', () => {
  it('renders with defaults applied, switching on an enum input', () => {
    const p = compilePrompt(textPrompt())
    expect(p.kind).toBe('text')
    expect(p.variables).toEqual(['output_format', 'support_ticket_text'])
    expect(p.renderText({ support_ticket_text: '  My invoice is wrong.  ' })).toBe(
      'Summarize the ticket.\nAnswer with {"summary", "urgency"}.\n<ticket>\nMy invoice is wrong.\n</ticket>',
    )
    expect(p.render({ support_ticket_text: 'x', output_format: 'detailed' })).toEqual({
      kind: 'text',
      text: expect.stringContaining('{"customer_issue", "urgency", "summary"}'),
    })
  })

  it('never evaluates variable content as template code, and never HTML-escapes it', () => {
    const p = compilePrompt(textPrompt())
    const text = p.renderText({ support_ticket_text: '{{ 7*7 }} {% if true %}x{% endif %} <b>&"' })
    expect(text).toContain('{{ 7*7 }} {% if true %}x{% endif %} <b>&"')
    expect(text).not.toContain('49')
  })

  it('refuses missing required inputs instead of rendering an empty string', () => {
    const err = thrown(() => compilePrompt(textPrompt()).renderText({}))
    expect(err.code).toBe('RENDER_FAILED')
    expect(err.message).toBe(
      'prompt SummarizeSupportTicket v1: missing required input `support_ticket_text`',
    )
  })

  it('refuses to print an optional input that was not given, or a missing key', () => {
    const p = compilePrompt(
      textPrompt('Hi {% if nick %}{{ nick }}{% endif %}\n{{ user.name }}', {
        nick: { type: 'string', required: false },
        user: { type: 'object', required: true },
      }),
    )
    // Testing an absent optional input is fine…
    expect(p.renderText({ user: { name: 'Ann' } })).toBe('Hi \nAnn')
    // …printing an undefined value is not.
    const err = thrown(() => p.renderText({ user: {} }))
    expect(err.code).toBe('RENDER_FAILED')
    expect(err.message).toBe(
      'prompt SummarizeSupportTicket v1: template line 2, column 4: attempted to output an undefined value ' +
        '(an optional input without a default, or a missing key)',
    )
  })

  it('refuses wrong types, enum values and unknown inputs before rendering', () => {
    const p = compilePrompt(textPrompt())
    expect(thrown(() => p.renderText({ support_ticket_text: 1 })).message).toContain(
      'input `support_ticket_text` must be a string',
    )
    expect(
      thrown(() => p.renderText({ support_ticket_text: 'x', output_format: 'brief' })).message,
    ).toContain('input `output_format` must be one of "detailed", "summary"')
    expect(thrown(() => p.renderText({ support_ticket_txt: 'x' })).message).toContain(
      'unknown input `support_ticket_txt` (did you mean `support_ticket_text`?)',
    )
  })

  it('refuses templates that use variables missing from inputs', () => {
    const err = thrown(() =>
      compilePrompt(textPrompt('{{ a }} {{ b }}', { a: { type: 'string', required: true } })),
    )
    expect(err.code).toBe('VALIDATION_FAILED')
    expect(err.message).toBe(
      'prompt SummarizeSupportTicket v1: the template uses `b`, not declared in `inputs`',
    )
  })

  it('reports syntax errors as VALIDATION_FAILED with the diagnostic', () => {
    const err = thrown(() => compilePrompt(textPrompt('ok\n{% if x %}')))
    expect(err.code).toBe('VALIDATION_FAILED')
    expect(err.message).toContain('SummarizeSupportTicket v1 template:2:')
    expect(err.details?.diagnostics).toEqual([
      expect.objectContaining({ code: 'template-syntax', line: 2 }),
    ])
  })

  it('renders Jinja2 features prompts use as Jinja2 does: loops, macros, call blocks, joiner, cycler, tojson', () => {
    const src = `{% macro item(t) %}- {{ t | title }}{{ caller() if caller }}{% endmacro %}
{% for t in tags %}{{ item(t) }}
{% endfor %}{% call item("x") %}!{% endcall %}
{% set sep = joiner(" | ") %}{% for n in range(3) %}{{ sep() }}{{ n }}{% endfor %}
{% set c = cycler("odd", "even") %}{{ c.next() }} {{ c.next() }} {{ c.next() }}
{{ meta | tojson }} {{ 7 / 2 }} {{ ok }} {{ none }}
`
    const p = compilePrompt(
      textPrompt(src, {
        tags: { type: 'array', required: true },
        meta: { type: 'object', required: true },
        ok: { type: 'boolean', required: true },
      }),
    )
    // Recorded with Python Jinja2 3.1 (the trailing newline is dropped, as Jinja2 does).
    expect(p.renderText({ tags: ['red', 'green'], meta: { b: [1], a: '<' }, ok: true })).toBe(
      '\n- Red\n- Green\n- X!\n0 | 1 | 2\nodd even odd\n{"a": "\\u003c", "b": [1]} 3.5 True None',
    )
  })
})

describe('compilePrompt: chat prompts', () => {
  const chat: PromptDefinition = {
    name: 'Chat',
    version: 2,
    tags: [],
    owners: [],
    model: {},
    inputs: {
      question: { type: 'string', required: true },
      tone: { type: 'string', required: false, default: 'calm' },
      who: { type: 'string', required: false },
    },
    messages: [
      { role: 'system', content: '{% set who = "assistant" %}You are a {{ tone }} {{ who }}.' },
      { role: 'user', content: '{{ question }}{% if who %} (leaked){% endif %}' },
    ],
  }

  it('renders each message, with its own scope', () => {
    const p = compilePrompt(chat)
    expect(p.kind).toBe('chat')
    expect(p.variables).toEqual(['question', 'tone', 'who'])
    expect(p.render({ question: 'Why?' })).toEqual({
      kind: 'chat',
      messages: [
        { role: 'system', content: 'You are a calm assistant.' },
        { role: 'user', content: 'Why?' },
      ],
    })
  })

  it('refuses renderText with a clear error instead of joining messages', () => {
    const err = thrown(() => compilePrompt(chat).renderText({ question: 'q' }))
    expect(err.code).toBe('RENDER_FAILED')
    expect(err.message).toBe(
      'prompt Chat v2 is a chat prompt: use render() to get its messages (renderText() is for text prompts)',
    )
  })
})

describe('caching', () => {
  it('compiles a definition once and a template source once', () => {
    const d = textPrompt()
    expect(compilePrompt(d)).toBe(compilePrompt(d))
    const origin = { file: 'a', line: 1, col: 1 }
    expect(compileTemplate('cache {{ me }}', origin)).toBe(
      compileTemplate('cache {{ me }}', { ...origin, file: 'b' }),
    )
  })

  it('reports a cached bad template at the position of each file that uses it', () => {
    const positions = [
      { file: 'a.yaml', line: 3, col: 3 },
      { file: 'b.yaml', line: 20, col: 5 },
    ].map((origin) => {
      const err = thrown(() => compileTemplate('ok\n{{ x.__proto__ }}', origin))
      const [d] = (err.details?.diagnostics ?? []) as { file: string; line: number; col: number }[]
      return d && `${d.file}:${d.line}:${d.col}`
    })
    expect(positions).toEqual(['a.yaml:4:8', 'b.yaml:21:10'])
  })
})
