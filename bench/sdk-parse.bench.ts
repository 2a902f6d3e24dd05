/**
 * SDK `prompt.parse` / `safeParse` against `output.schema` (SPEC §5), warm: the validator for a
 * version is built on first use and kept, so this measures checking one model output — JSON
 * parse plus schema verdict — for two example prompts:
 * - ExtractOrderDetails: 10 required fields, `anyOf` with nulls, two `pattern`s (dates, currency)
 *   and an array of item objects;
 * - SummarizeSupportTicket v2: a `oneOf` of two closed objects with enums.
 * Baseline, in the same run: ajv's compiled code for the same schema (with ajv-formats) plus the
 * same `JSON.parse`, which is what the SDK did before schemas from prompts stopped being
 * compiled to code (issue 9). The interpreter is slower per call; the figure says by how much.
 * Also prints the first-use cost (building the validator for a schema object seen once).
 *
 * Run: pnpm bench sdk-parse   (or npx tsx bench/sdk-parse.bench.ts)
 * @module
 */
import { fileURLToPath } from 'node:url'
import { type PromptDefinition, promptDigest } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import { createCanon } from '@canon/sdk'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { compareAlternating, report } from './lib/measure'

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

  const ajv = new Ajv({ allErrors: true, strict: false })
  addFormats(ajv)
  const ajvOrder = ajv.compile(find('ExtractOrderDetails', 1).output?.schema as object)
  const ajvSummary = ajv.compile(find('SummarizeSupportTicket', 2).output?.schema as object)
  const valid = compareAlternating(
    () => ajvOrder(JSON.parse(ORDER)),
    () => order.parse(ORDER),
  )
  const invalid = compareAlternating(
    () => ajvOrder(JSON.parse(BAD_ORDER)) || ajvOrder.errors?.length,
    () => order.safeParse(BAD_ORDER),
  )
  const oneOf = compareAlternating(
    () => ajvSummary(JSON.parse(SUMMARY)),
    () => summary.parse(SUMMARY),
  )
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

  const line = (what: string, c: { baseline: number; candidate: number; ratio: number }) =>
    process.stdout.write(
      `${what.padEnd(40)} ${(c.candidate / 1000).toFixed(1)} µs/call (ajv compiled: ${(c.baseline / 1000).toFixed(1)} µs, ${c.ratio.toFixed(1)}x)\n`,
    )
  line('ExtractOrderDetails parse (valid)', valid)
  line('ExtractOrderDetails safeParse (invalid)', invalid)
  line('SummarizeSupportTicket parse (oneOf)', oneOf)
  process.stdout.write(`${'client + get + first parse'.padEnd(40)} ${Math.round(firstUse)} µs\n`)
  // SPEC §5 sets no figure for parse, which runs once per model call (hundreds of ms): 500 µs
  // keeps it below a thousandth of that. Compiled code is ~100x faster, but prompts are data.
  const ok = report('sdk-parse', valid.candidate / 1000, 'µs/call', '<=', 500, 'µs')
  if (!ok) process.exitCode = 1
}

await main()
