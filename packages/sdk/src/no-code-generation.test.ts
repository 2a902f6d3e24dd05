/**
 * Issue 9: a prompt is data, never code. The SDK's core path — take a prompt version as the
 * registry serves it, check and compile it, render it, check model output against its
 * `output.schema` — must work where JavaScript code generation from strings is off, as in
 * Cloudflare Workers and pages with a strict CSP. The path is bundled with esbuild into one
 * script and run in a `node:vm` context with `codeGeneration: { strings: false, wasm: false }`:
 * anything on it that reached `new Function` or `eval` (a template compiler, a schema compiler)
 * would throw there.
 */
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'
import { compilePrompt, type PromptDefinition, parsePromptSource, promptDigest } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import { build } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'

const PROMPTS = fileURLToPath(new URL('../../../prompts', import.meta.url))
const EVIL = `${'a'.repeat(10_000)}b`

/** The entry bundled for the context: the public API an app uses, nothing else. */
const ENTRY = `
import { createCanon } from './index'

export async function run(fetch, inputs) {
  const canon = createCanon({ baseUrl: 'http://registry.test', apiKey: 'k', fetch, onError: () => {} })
  const summary = await canon.get('SummarizeSupportTicket')
  const order = await canon.get('ExtractOrderDetails')
  const probe = await canon.get('PatternProbe')
  const attempt = (fn) => { try { return { ok: true, value: fn() } } catch (err) { return { ok: false, error: String(err.message) } } }
  return {
    rendered: summary.render(inputs.summary),
    orderRendered: order.render(inputs.order),
    summaryValid: summary.safeParse(inputs.validSummary),
    summaryInvalid: summary.safeParse(inputs.invalidSummary),
    orderValid: order.safeParse(inputs.validOrder),
    orderInvalid: order.safeParse(inputs.invalidOrder),
    probeRender: attempt(() => probe.render({ id: inputs.evil })),
    probeParse: probe.safeParse({ id: inputs.evil }),
  }
}
`

const TICKET =
  'Subject: Invoice INV-20931 charged twice\n\nHi, invoice INV-20931 was charged twice. Please refund.\n\nDana Whitfield'
const EMAIL = 'Order #A-10293 placed 2024-03-14: 2 x Pour-Over Set @ $34.00. Total $68.00. Emily'
const ORDER = {
  is_order_email: true,
  order_id: 'A-10293',
  order_date: '2024-03-14',
  customer_name: 'Emily',
  currency: 'USD',
  items: [{ sku: null, name: 'Pour-Over Set', quantity: 2, unit_price: 34 }],
  subtotal: 68,
  shipping: null,
  tax: null,
  total: 68,
}

let defs: PromptDefinition[]
let script: vm.Script

function registryBody(def: PromptDefinition): string {
  return JSON.stringify({
    name: def.name,
    version: def.version,
    digest: promptDigest(def),
    status: 'active',
    kind: def.messages ? 'chat' : 'text',
    definition: def,
    label: 'production',
  })
}

/** What the SDK's `render` returns, computed outside the context: text, or chat messages. */
function hostRender(def: PromptDefinition, vars: Record<string, unknown>): unknown {
  const rendered = compilePrompt(def).render(vars)
  return rendered.kind === 'text' ? rendered.text : rendered.messages
}

/** A context with the web platform an edge runtime gives, and no code generation. */
function edgeContext(): vm.Context {
  return vm.createContext(
    {
      console,
      URL,
      Response,
      Headers,
      AbortSignal,
      TextEncoder,
      TextDecoder,
      structuredClone,
      performance,
      crypto: globalThis.crypto,
      setTimeout,
      clearTimeout,
      queueMicrotask,
    },
    { codeGeneration: { strings: false, wasm: false } },
  )
}

beforeAll(async () => {
  const files = (await validatePaths([PROMPTS])).files
  const loaded = files.flatMap((f) => (f.prompt ? [f.prompt] : []))
  const pick = (name: string, version: number) =>
    loaded.find((d) => d.name === name && d.version === version) as PromptDefinition
  const order = pick('ExtractOrderDetails', 1)
  // A prompt written to stall a backtracking engine, in an input pattern and in output.schema.
  const probe = parsePromptSource(
    [
      'name: PatternProbe',
      'version: 1',
      'template: "{{ id }}"',
      'inputs:',
      '  id: { type: string, pattern: "^(a+)+$" }',
      'output:',
      '  schema: { type: object, properties: { id: { type: string, pattern: "^(a|aa)+$" } } }',
    ].join('\n'),
    'probe.yaml',
  ).prompt as PromptDefinition
  defs = [pick('SummarizeSupportTicket', 2), order, probe]

  const bundle = await build({
    stdin: {
      contents: ENTRY,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'canonEntry',
    platform: 'browser',
    target: 'es2022',
    // nunjucks' parser module extends EventEmitter: the portable `events` package, as the
    // published build does (tsup.config.ts).
    alias: { events: 'events/events.js' },
    logLevel: 'silent',
  })
  script = new vm.Script(bundle.outputFiles[0]?.text ?? '', { filename: 'canon-sdk-bundle.js' })
}, 120_000)

describe('the SDK core path with code generation from strings turned off', () => {
  it('the context refuses new Function and eval, so the test can fail', () => {
    const ctx = edgeContext()
    expect(() => vm.runInContext("new Function('')", ctx)).toThrow(
      /Code generation from strings disallowed/,
    )
    expect(() => vm.runInContext("eval('1')", ctx)).toThrow(
      /Code generation from strings disallowed/,
    )
    expect(() => vm.runInContext("(() => {}).constructor('return 1')", ctx)).toThrow(
      /Code generation from strings disallowed/,
    )
  })

  it('loads, renders and checks outputs against output.schema inside the context', async () => {
    const ctx = edgeContext()
    script.runInContext(ctx)
    const served: string[] = []
    const fetch = async (input: string) => {
      const url = String(input)
      served.push(url)
      const def = defs.find((d) => url.includes(`/prompts/${d.name}/`))
      if (!def) return new Response('{}', { status: 404 })
      return new Response(registryBody(def), {
        headers: { 'content-type': 'application/json', etag: `"${def.version}"` },
      })
    }
    const inputs = {
      summary: { support_ticket_text: TICKET, output_format: 'summary' },
      order: { email_text: EMAIL },
      validSummary: JSON.stringify({
        summary: 'INV-20931 charged twice; refund asked.',
        urgency: 'medium',
      }),
      invalidSummary: '```json\n{"summary": "x", "urgency": "soon"}\n```',
      validOrder: JSON.stringify(ORDER),
      invalidOrder: JSON.stringify({ ...ORDER, currency: 'usd', order_date: '14/03/2024' }),
      evil: EVIL,
    }
    const start = performance.now()
    const result = await (
      vm.runInContext('canonEntry.run', ctx) as (
        f: typeof fetch,
        i: typeof inputs,
      ) => Promise<Record<string, unknown>>
    )(fetch, inputs)
    const elapsed = performance.now() - start

    expect(served).toHaveLength(3)
    // The same text the host renders, with the ticket in it.
    const [summaryDef, orderDef] = defs as [PromptDefinition, PromptDefinition]
    expect(result.rendered).toBe(hostRender(summaryDef, inputs.summary))
    expect(result.rendered).toContain('Dana Whitfield')
    expect(result.orderRendered).toEqual(hostRender(orderDef, inputs.order))
    expect(JSON.stringify(result.orderRendered)).toContain('Order #A-10293 placed 2024-03-14')

    expect(result.summaryValid).toMatchObject({ ok: true, value: { urgency: 'medium' } })
    expect(result.summaryInvalid).toMatchObject({ ok: false })
    expect((result.summaryInvalid as { errors: string[] }).errors).toContain(
      '/urgency: must be one of "low", "medium", "high", "critical"',
    )
    expect(result.orderValid).toMatchObject({ ok: true, value: { currency: 'USD' } })
    expect((result.orderInvalid as { errors: string[] }).errors).toEqual([
      '/order_date: must match a schema in anyOf',
      '/order_date: must match pattern "^\\d{4}-\\d{2}-\\d{2}$"',
      '/order_date: must be null',
      '/currency: must match pattern "^[A-Z]{3}$"',
    ])

    // Exponential patterns from the prompt answer in milliseconds (linear-time engine).
    expect(result.probeRender).toEqual({
      ok: false,
      error: 'prompt PatternProbe v1: input `id` does not match pattern /^(a+)+$/',
    })
    expect(result.probeParse).toMatchObject({
      ok: false,
      errors: ['/id: must match pattern "^(a|aa)+$"'],
    })
    expect(elapsed).toBeLessThan(5_000)
  })
})
