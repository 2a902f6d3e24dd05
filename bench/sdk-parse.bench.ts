/**
 * SDK `prompt.parse` / `safeParse` against `output.schema` (SPEC §5), warm: the validator for a
 * version is built on first use and kept, so this measures checking one model output — JSON
 * parse plus schema verdict — for two example prompts:
 * - ExtractOrderDetails: 10 required fields, `anyOf` with nulls, two `pattern`s (dates, currency)
 *   and an array of item objects;
 * - SummarizeSupportTicket v2: a `oneOf` of two closed objects with enums.
 * Also prints the first-use cost (building the validator for a schema object seen once).
 *
 * Run: pnpm bench sdk-parse   (or npx tsx bench/sdk-parse.bench.ts)
 * @module
 */
import { fileURLToPath } from 'node:url'
import { type PromptDefinition, promptDigest } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import { createCanon } from '@canon/sdk'
import { calibrate, median, report, timeLoop } from './lib/measure'

const PROMPTS = fileURLToPath(new URL('../prompts', import.meta.url))

const ORDER = JSON.stringify({
  is_order_email: true,
  order_id: 'A-10293',
  order_date: '2024-03-14',
  customer_name: 'Emily Carter',
  currency: 'USD',
  items: [
    { sku: 'CPO-200', name: 'Ceramic Pour-Over Set', quantity: 2, unit_price: 34 },
    { sku: 'WSB-014', name: 'Walnut Serving Board', quantity: 1, unit_price: 58.5 },
  ],
  subtotal: 126.5,
  shipping: 7.95,
  tax: 10.12,
  total: 144.57,
})
const BAD_ORDER = ORDER.replace('"USD"', '"usd"').replace('"2024-03-14"', '"14/03/2024"')
const SUMMARY = JSON.stringify({
  summary: 'Invoice INV-20931 charged twice; PDF download fails with 502.',
  urgency: 'high',
})

function nsPerCall(fn: () => unknown, rounds = 11): number {
  const n = calibrate(fn, 40)
  const samples: number[] = []
  for (let r = 0; r < rounds; r++) samples.push(timeLoop(fn, n))
  return median(samples)
}

async function main(): Promise<void> {
  const defs = (await validatePaths([PROMPTS])).files.flatMap((f) => (f.prompt ? [f.prompt] : []))
  const find = (name: string, version: number) =>
    defs.find((d) => d.name === name && d.version === version) as PromptDefinition
  const snapshot = {
    label: 'production',
    prompts: [find('ExtractOrderDetails', 1), find('SummarizeSupportTicket', 2)].map((def) => ({
      name: def.name,
      version: def.version,
      digest: promptDigest(def),
      status: 'active',
      kind: 'text',
      definition: def,
    })),
  }
  const canon = createCanon({
    baseUrl: 'http://127.0.0.1:1',
    apiKey: 'k',
    fetch: (() => Promise.reject(new Error('offline'))) as unknown as typeof fetch,
    fallback: snapshot as never,
    onError: () => {},
  })
  const order = await canon.get('ExtractOrderDetails')
  const summary = await canon.get('SummarizeSupportTicket')

  // Sanity: the verdicts the timings are about.
  if ((order.parse(ORDER) as { currency: string }).currency !== 'USD') throw new Error('order')
  const bad = order.safeParse(BAD_ORDER)
  if (bad.ok || !bad.errors.some((e) => e.startsWith('/currency'))) {
    throw new Error(`bad order: ${JSON.stringify(bad)}`)
  }
  if ((summary.parse(SUMMARY) as { urgency: string }).urgency !== 'high') throw new Error('sum')

  const valid = nsPerCall(() => order.parse(ORDER))
  const invalid = nsPerCall(() => order.safeParse(BAD_ORDER))
  const oneOf = nsPerCall(() => summary.parse(SUMMARY))
  const start = process.hrtime.bigint()
  for (let i = 0; i < 20; i++) {
    const fresh = await createCanon({
      baseUrl: 'http://127.0.0.1:1',
      apiKey: 'k',
      fetch: (() => Promise.reject(new Error('offline'))) as unknown as typeof fetch,
      fallback: structuredClone(snapshot) as never,
      onError: () => {},
    }).get('ExtractOrderDetails')
    fresh.parse(ORDER)
  }
  const firstUse = Number(process.hrtime.bigint() - start) / 20 / 1000

  process.stdout.write(`ExtractOrderDetails parse (valid):     ${Math.round(valid)} ns/call\n`)
  process.stdout.write(`ExtractOrderDetails safeParse (invalid): ${Math.round(invalid)} ns/call\n`)
  process.stdout.write(`SummarizeSupportTicket parse (oneOf):  ${Math.round(oneOf)} ns/call\n`)
  process.stdout.write(`client + get + first parse:           ${Math.round(firstUse)} µs\n`)
  // SPEC §5 sets no figure for parse; 50 µs keeps it far below a model call's latency.
  const ok = report('sdk-parse', valid / 1000, 'µs/call', '<=', 50, 'µs')
  if (!ok) process.exitCode = 1
}

await main()
