import { describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../diagnostics'
import { promptDigest } from '../digest'
import { isCanonError } from '../errors'
import { normalizePrompt, parsePromptObject, parsePromptSource } from './parse-prompt'

const TEXT_PROMPT = `name: SummarizeSupportTicket
version: 3
description: Summarize one support ticket for the on-call engineer.
tags: [support, summarization]
owners: [support-ai@example.com]
inputs:
  support_ticket_text:
    type: string
    maxLength: 12000
    description: The raw ticket.
  output_format:
    type: string
    enum: [summary, detailed]
    default: summary
model:
  provider: openai
  name: gpt-4o-mini
  temperature: 0
  max_tokens: 700
template: |
  You are a support analyst. Summarize the ticket below.
  {% if output_format == 'detailed' %}Give every detail.{% else %}Be brief.{% endif %}
  <ticket>
  {{ support_ticket_text | trim }}
  </ticket>
output:
  retries: 1
  schema:
    type: object
    required: [summary]
    properties:
      summary: { type: string }
budget:
  max_input_tokens: 4000
evaluation:
  dataset: ./summarize.golden.jsonl
  assertions:
    - type: is-json
    - type: llm-rubric
      value: Mentions the customer's problem
      weight: 2
`

const CHAT_PROMPT = `name: draft-reply
version: 1
input_variables:
  - customer_name   # who wrote in
  - question
execution_settings:
  model: gpt-4o
  temperature: 0.3
  max_tokens: 400
messages:
  - role: system
    content: You are a friendly support agent.
  - role: user
    content: |
      {{ customer_name }} asks: {{ question }}
`

function errorsOf(text: string, opts?: Parameters<typeof parsePromptSource>[2]) {
  return parsePromptSource(text, 'p.yaml', opts)
    .diagnostics.filter((d) => d.severity === 'error')
    .map(formatDiagnostic)
}

describe('parsePromptSource: good prompts', () => {
  it('loads and normalizes a realistic text prompt', () => {
    const { prompt, diagnostics } = parsePromptSource(TEXT_PROMPT, 'summarize.yaml')
    expect(diagnostics).toEqual([])
    expect(prompt).toMatchObject({
      name: 'SummarizeSupportTicket',
      version: 3,
      tags: ['support', 'summarization'],
      inputs: {
        support_ticket_text: { type: 'string', required: true, maxLength: 12000 },
        output_format: {
          type: 'string',
          required: false,
          default: 'summary',
          enum: ['summary', 'detailed'],
        },
      },
      model: { provider: 'openai', name: 'gpt-4o-mini', temperature: 0, max_tokens: 700 },
      output: { retries: 1, schema: { type: 'object', required: ['summary'] } },
      budget: { max_input_tokens: 4000 },
      evaluation: {
        dataset: './summarize.golden.jsonl',
        assertions: [
          { type: 'is-json' },
          { type: 'llm-rubric', value: "Mentions the customer's problem", weight: 2 },
        ],
        gate: { min_pass_rate: 0.9, margin: 0.05, alpha: 0.05 },
      },
    })
    expect(prompt?.template).toContain('{{ support_ticket_text | trim }}')
    expect(Object.keys(prompt ?? {})).toEqual([
      'name',
      'version',
      'description',
      'tags',
      'owners',
      'inputs',
      'model',
      'template',
      'output',
      'budget',
      'evaluation',
    ])
  })

  it('loads a chat prompt written with the short forms', () => {
    const { prompt, diagnostics } = parsePromptSource(CHAT_PROMPT, 'reply.yaml')
    expect(diagnostics).toEqual([])
    expect(prompt).toEqual({
      name: 'draft-reply',
      version: 1,
      tags: [],
      owners: [],
      inputs: {
        customer_name: { type: 'string', required: true },
        question: { type: 'string', required: true },
      },
      model: { name: 'gpt-4o', temperature: 0.3, max_tokens: 400 },
      messages: [
        { role: 'system', content: 'You are a friendly support agent.' },
        { role: 'user', content: '{{ customer_name }} asks: {{ question }}\n' },
      ],
    })
  })

  it('gives the short and the long form the same digest', () => {
    const long = `name: draft-reply
version: 1
inputs:
  customer_name: {type: string, required: true}
  question: string
model: {name: gpt-4o, temperature: 0.3, max_tokens: 400}
messages:
  - role: system
    content: You are a friendly support agent.
  - role: user
    content: "{{ customer_name }} asks: {{ question }}\\n"
`
    const a = parsePromptSource(CHAT_PROMPT, 'a.yaml').prompt
    const b = parsePromptSource(long, 'b.yaml').prompt
    expect(a && b && promptDigest(a)).toBe(b && promptDigest(b))
  })

  it('keeps the digest when keys are reordered, and changes it when content changes', () => {
    const lines = TEXT_PROMPT.split(/\n(?=\S)/)
    const reordered = [...lines].reverse().join('\n')
    const a = parsePromptSource(TEXT_PROMPT, 'a.yaml').prompt
    const b = parsePromptSource(`${reordered}\n`, 'b.yaml').prompt
    const c = parsePromptSource(
      TEXT_PROMPT.replace('temperature: 0', 'temperature: 0.1'),
      'c.yaml',
    ).prompt
    expect(a && promptDigest(a)).toMatch(/^[0-9a-f]{64}$/)
    expect(b && promptDigest(b)).toBe(a && promptDigest(a))
    expect(c && promptDigest(c)).not.toBe(a && promptDigest(a))
  })

  it('ignores evaluation in the digest', () => {
    const a = parsePromptSource(TEXT_PROMPT, 'a.yaml').prompt
    const b = parsePromptSource(TEXT_PROMPT.replace('weight: 2', 'weight: 3'), 'b.yaml').prompt
    expect(a && b && promptDigest(a)).toBe(b && promptDigest(b))
  })

  it('inlines an output.schema file read relative to the prompt', () => {
    const text = `name: extract\nversion: 1\ntemplate: Extract it\noutput:\n  schema: {file: ./order.schema.json}\n`
    const asked: string[] = []
    const { prompt, diagnostics } = parsePromptSource(text, 'p.yaml', {
      readFile: (rel) => {
        asked.push(rel)
        return '{"type": "object", "properties": {"id": {"type": "string"}}}'
      },
    })
    expect(diagnostics).toEqual([])
    expect(asked).toEqual(['./order.schema.json'])
    expect(prompt?.output).toEqual({
      schema: { type: 'object', properties: { id: { type: 'string' } } },
      retries: 0,
    })
  })

  it('warns about a declared input the template never reads', () => {
    const text =
      'name: a\nversion: 1\ninputs:\n  who: string\n  unused: string\ntemplate: Hi {{ who }}\n'
    const { prompt, diagnostics } = parsePromptSource(text, 'p.yaml')
    expect(prompt).toBeDefined()
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'p.yaml:5:3: warning: input `unused` is declared but the template never uses it',
    ])
  })
})

describe('parsePromptSource: bad prompts', () => {
  it('reports every problem of a file, not only the first', () => {
    const text = `name: ok_name
version: 0
tempalte: x
messages:
  - role: bot
    content: Hi {{ who }}
budget:
  max_input_tokens: -5
`
    expect(errorsOf(text)).toEqual([
      'p.yaml:2:10: error: version: must be an integer ≥ 1',
      'p.yaml:3:1: error: unknown key `tempalte` (did you mean `template`?)',
      'p.yaml:5:11: error: messages[0].role: unknown chat role "bot"; use one of system, user, assistant',
      'p.yaml:6:20: error: template uses variable `who`, which is not declared in `inputs`',
      'p.yaml:8:21: error: budget.max_input_tokens: must be an integer ≥ 1',
    ])
  })

  it('points at a misspelled nested key with a suggestion', () => {
    const text =
      'name: a\nversion: 1\ninputs:\n  who:\n    type: string\n    requird: true\ntemplate: "{{ who }}"\n'
    expect(errorsOf(text)).toEqual([
      'p.yaml:6:5: error: unknown key `requird` in inputs.who (did you mean `required`?)',
    ])
  })

  it('requires exactly one of template and messages', () => {
    expect(errorsOf('name: a\nversion: 1\n')).toEqual([
      'p.yaml:1:1: error: missing `template` (a text prompt) or `messages` (a chat prompt)',
    ])
  })

  it('rejects a bad input type written in the short form, at the value', () => {
    expect(
      errorsOf('name: a\nversion: 1\ninputs:\n  who: strnig\ntemplate: "{{ who }}"\n'),
    ).toEqual([
      'p.yaml:4:8: error: inputs.who.type: unknown input type "strnig"; use one of string, number, integer, boolean, array, object',
    ])
  })

  it('rejects defaults and enums that do not match the declared type', () => {
    const text =
      'name: a\nversion: 1\ninputs:\n  n:\n    type: integer\n    default: "3"\n    enum: [1, 2.5]\ntemplate: "{{ n }}"\n'
    expect(errorsOf(text)).toEqual([
      'p.yaml:6:14: error: inputs.n.default: default is not an integer',
      'p.yaml:7:15: error: inputs.n.enum[1]: enum value is not an integer',
    ])
  })

  it('rejects input names that are not template identifiers', () => {
    expect(
      errorsOf('name: a\nversion: 1\ninput_variables: [ok, not-ok]\ntemplate: "{{ ok }}"\n'),
    ).toEqual([
      'p.yaml:3:23: error: input_variables[1]: input name "not-ok" is not a template variable name (letters, digits and "_", not starting with a digit)',
    ])
  })

  it('rejects both long and short forms of the same field', () => {
    const text =
      'name: a\nversion: 1\nmodel: gpt-4o\nexecution_settings: {model: gpt-4o}\ntemplate: Hi\n'
    expect(errorsOf(text)).toEqual([
      'p.yaml:4:1: error: both `model` and its short form `execution_settings` are set; keep one',
    ])
  })

  it('checks an inline output.schema and points inside it', () => {
    const text =
      'name: a\nversion: 1\ntemplate: Hi\noutput:\n  schema:\n    type: object\n    properties:\n      id: {type: strin}\n'
    expect(errorsOf(text)).toEqual([
      'p.yaml:8:18: error: output.schema is not a valid JSON Schema: type must be one of "array", "boolean", "integer", "null", "number", "object", "string"',
    ])
  })

  it('reports an output.schema file that is missing or cannot be read here', () => {
    const text = 'name: a\nversion: 1\ntemplate: Hi\noutput:\n  schema: ./missing.json\n'
    expect(errorsOf(text, { readFile: () => undefined })).toEqual([
      'p.yaml:5:11: error: output.schema: cannot read ./missing.json (no such file)',
    ])
    expect(errorsOf(text)[0]).toContain('files cannot be read here; inline the schema')
  })

  it('requires evaluation.dataset and checks the gate', () => {
    const text = 'name: a\nversion: 1\ntemplate: Hi\nevaluation:\n  gate: {min_pass_rate: 1.5}\n'
    expect(errorsOf(text)).toEqual([
      'p.yaml:4:1: error: evaluation.dataset: is required: the path of the golden JSONL dataset',
      'p.yaml:5:25: error: evaluation.gate.min_pass_rate: must be ≤ 1',
    ])
  })

  it('reports a secret anywhere in the file at its exact position, redacted', () => {
    const text =
      'name: a\nversion: 1\ntemplate: Hi\nmodel:\n  name: gpt-4o\n  api_key: AKIAIOSFODNN7EXAMPLE\n'
    const errors = errorsOf(text)
    expect(errors).toEqual([
      'p.yaml:6:12: error: model.api_key contains what looks like an AWS access key id (AKIAIO…); remove it and pass secrets at run time',
    ])
  })

  it('rejects a document that is not a mapping', () => {
    expect(errorsOf('- just\n- a list\n')).toEqual([
      'p.yaml:1:1: error: a prompt file must be a YAML mapping of fields (name, version, template, …)',
    ])
  })
})

describe('normalizePrompt / parsePromptObject', () => {
  it('normalizes a definition given as data, idempotently', () => {
    const def = normalizePrompt({
      version: 2,
      name: 'greet',
      input_variables: ['who'],
      execution_settings: { model: 'gpt-4o-mini', stop: '###' },
      template: 'Hi {{ who }}',
    })
    expect(def).toEqual({
      name: 'greet',
      version: 2,
      tags: [],
      owners: [],
      inputs: { who: { type: 'string', required: true } },
      model: { name: 'gpt-4o-mini', stop: ['###'] },
      template: 'Hi {{ who }}',
    })
    expect(normalizePrompt(def)).toEqual(def)
  })

  it('throws a VALIDATION_FAILED CanonError carrying the diagnostics', () => {
    try {
      normalizePrompt({ name: 'x', version: 1, template: 'Hi {{ who }}' })
      expect.unreachable()
    } catch (err) {
      expect(isCanonError(err) && err.code).toBe('VALIDATION_FAILED')
      expect((err as Error).message).toContain('template uses variable `who`')
    }
  })

  it('reports problems of data at 1:1 under the given name', () => {
    const r = parsePromptObject({ name: 'x', version: 'one', template: 'Hi' }, 'request body')
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'request body:1:1: error: version: must be an integer ≥ 1, got the string "one"',
    ])
  })
})
