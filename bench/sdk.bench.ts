/**
 * SDK warm path (SPEC §7: warm `get` + `render` ≤ 2 µs per call), with and without an A/B flag,
 * and side by side in the same run with the Langfuse JS SDK (v3) doing the same job: cached
 * `getPrompt` + `compile`, its API served by a local stub.
 *
 * Canon: `await canon.get('SummarizeSupportTicket')` then `prompt.render(vars)` — a label lookup
 * with TTL check, a prompt object, strict input checks and the sandboxed nunjucks render.
 * Langfuse: `await langfuse.getPrompt('SummarizeSupportTicket')` then `prompt.compile(vars)` —
 * its cache lookup and a mustache substitution (no input checks, no control flow).
 * With a flag: unleash-client in bootstrap mode (offline) holds a 90/10 `prompt.<name>` flag;
 * gets carry `{ userId }` over 1 000 users.
 *
 * Run: pnpm bench sdk   (or npx tsx bench/sdk.bench.ts)
 * @module
 */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type PromptDefinition, promptDigest } from '@canon/core'
import { validatePaths } from '@canon/core/node'
import { createCanon, unleashFlags } from '@canon/sdk'
import { Langfuse } from 'langfuse'
import { InMemStorageProvider, PayloadType, Unleash } from 'unleash-client'
import { consume, median, report, sinkValue, timeLoop } from './lib/measure'

const PROMPTS = fileURLToPath(new URL('../prompts', import.meta.url))
const NAME = 'SummarizeSupportTicket'

/** A ~1 KB ticket, like one e-mail with a quoted reply. */
const TICKET = `Subject: Invoice INV-20931 charged twice + cannot download PDF

Hi Northwind team,

Our finance lead noticed that invoice INV-20931 (March, Business plan, 42 seats) was charged
twice on the company card ending 4417: once on March 3rd and again on March 5th, both for
$1,386.00. Could you refund the duplicate charge and confirm in writing, as our auditors need it
for the quarter close on Friday?

Second problem: when I click "Download PDF" for any invoice, the page shows a spinner for about
20 seconds and then "Error 502 - upstream timeout". I tried Chrome 123 and Firefox 124.

Thanks,
Dana Whitfield
Operations Manager, Acme Logistics`

type AsyncLoop = (
  fn: () => Promise<unknown>,
  n: number,
  sink: (v: unknown) => void,
) => Promise<void>
const loops = new WeakMap<() => Promise<unknown>, AsyncLoop>()

/** ns per awaited call; one loop function per measured function (see lib/measure.ts). */
async function timeAsync(fn: () => Promise<unknown>, n: number): Promise<number> {
  let loop = loops.get(fn)
  if (!loop) {
    loop = new Function(
      'fn',
      'n',
      'sink',
      'return (async () => { for (let i = 0; i < n; i++) sink(await fn()) })()',
    ) as AsyncLoop
    loops.set(fn, loop)
  }
  const start = process.hrtime.bigint()
  await loop(fn, n, consume)
  return Number(process.hrtime.bigint() - start) / n
}

/** Warms up, then alternates rounds of each function; medians in ns/call. */
async function compare(
  fns: Record<string, () => Promise<unknown>>,
  rounds = 15,
  iterations = 20_000,
): Promise<Record<string, number>> {
  const names = Object.keys(fns)
  for (const name of names) await timeAsync(fns[name] as () => Promise<unknown>, iterations)
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse()
    for (const name of order) {
      samples[name]?.push(await timeAsync(fns[name] as () => Promise<unknown>, iterations))
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n] as number[])]))
}

async function main(): Promise<void> {
  const defs = (await validatePaths([PROMPTS])).files.flatMap((f) => (f.prompt ? [f.prompt] : []))
  const version = (v: number) =>
    defs.find((d) => d.name === NAME && d.version === v) as PromptDefinition
  const body = (def: PromptDefinition, label?: string) =>
    JSON.stringify({
      name: def.name,
      version: def.version,
      digest: promptDigest(def),
      status: 'active',
      kind: 'text',
      definition: def,
      ...(label ? { label } : {}),
    })
  // The registry is not on the warm path: a stub answers the first fetch of each URL.
  const registryFetch = (async (input: string) => {
    const url = String(input)
    const v = /\/versions\/(\d+)$/.exec(url)
    const text = v ? body(version(Number(v[1]))) : body(version(1), 'production')
    return new Response(text, { headers: { 'content-type': 'application/json', etag: '"x"' } })
  }) as unknown as typeof fetch

  const vars = { support_ticket_text: TICKET, output_format: 'summary' }
  const canon = createCanon({ baseUrl: 'http://registry.local', apiKey: 'k', fetch: registryFetch })
  const check = (await canon.get(NAME)).render(vars)
  if (typeof check !== 'string' || !check.includes('Dana Whitfield')) {
    throw new Error('canon render is wrong')
  }

  // With a flag: unleash-client, bootstrapped offline with a 90/10 split.
  const unleash = new Unleash({
    appName: 'canon-bench',
    url: 'http://127.0.0.1:1/api/',
    refreshInterval: 0,
    disableMetrics: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: {
      data: [
        {
          name: `prompt.${NAME}`,
          enabled: true,
          type: 'experiment',
          project: 'default',
          stale: false,
          impressionData: false,
          strategies: [
            {
              name: 'flexibleRollout',
              constraints: [],
              parameters: { rollout: '100', stickiness: 'default', groupId: `prompt.${NAME}` },
              variants: [
                {
                  name: 'v1',
                  weight: 900,

                  stickiness: 'default',
                  payload: { type: PayloadType.JSON, value: '{"version":1}' },
                },
                {
                  name: 'v2',
                  weight: 100,

                  stickiness: 'default',
                  payload: { type: PayloadType.JSON, value: '{"version":2}' },
                },
              ],
            },
          ],
          variants: [],
        },
      ],
    },
  })
  await once(unleash, 'synchronized')
  const flags = unleashFlags(unleash)
  const flagged = createCanon({
    baseUrl: 'http://registry.local',
    apiKey: 'k',
    fetch: registryFetch,
    flags,
  })
  const users = Array.from({ length: 1000 }, (_, i) => ({ userId: `user-${i}` }))
  for (const context of users) (await flagged.get(NAME, { context })).render(vars)

  // Langfuse v3 against a local stub of its API.
  const langfuseText = (version(1).template as string)
    .replace(/\{%-?[^%]*%\}/g, '')
    .replace(/\{\{\s*support_ticket_text[^}]*\}\}/, '{{support_ticket_text}}')
  const server = createServer((req, res) => {
    if (!req.url?.startsWith(`/api/public/v2/prompts/${NAME}`)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        id: 'prompt-1',
        name: NAME,
        version: 1,
        type: 'text',
        prompt: langfuseText,
        config: { model: 'gpt-4o-mini', temperature: 0 },
        labels: ['production', 'latest'],
        tags: ['support'],
        commitMessage: null,
      }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const langfuse = new Langfuse({
    publicKey: 'pk-lf-bench',
    secretKey: 'sk-lf-bench',
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    flushAt: 1_000_000,
    enabled: true,
  })
  const lfCheck = (await langfuse.getPrompt(NAME)).compile({ support_ticket_text: TICKET })
  if (!lfCheck.includes('Dana Whitfield')) throw new Error('langfuse compile is wrong')

  let u = 0
  const results = await compare({
    canon: async () => (await canon.get(NAME)).render(vars),
    canonFlag: async () => (await flagged.get(NAME, { context: users[u++ % 1000] })).render(vars),
    langfuse: async () => (await langfuse.getPrompt(NAME)).compile({ support_ticket_text: TICKET }),
  })

  // How much of the flag path is Unleash: its own evaluation, unmemoized, per call.
  let k = 0
  const unleashNs = median(
    Array.from({ length: 7 }, () =>
      timeLoop(() => unleash.getVariant(`prompt.${NAME}`, users[k++ % 1000]), 20_000),
    ),
  )
  const canonNs = results.canon as number
  const flagNs = results.canonFlag as number
  const langfuseNs = results.langfuse as number
  process.stdout.write(
    `  canon get + render:            ${Math.round(canonNs)} ns/call\n` +
      `  canon get + render, with flag: ${Math.round(flagNs)} ns/call (+${Math.round(flagNs - canonNs)} ns: memoized variant per user; Unleash is not called on the warm path)\n` +
      `  unleash-client getVariant:     ${Math.round(unleashNs)} ns/call (what every call would cost without the memo; paid once per user until the toggles change)\n` +
      `  langfuse getPrompt + compile:  ${Math.round(langfuseNs)} ns/call (mustache substitution, no input checks)\n` +
      `  (sink ${sinkValue()})\n`,
  )
  const ok = [
    report('sdk-get-render', canonNs, 'ns/call', '<=', 2000, 'ns'),
    report('sdk-get-render-flag', flagNs, 'ns/call', '<=', 2000, 'ns'),
    report('sdk-vs-langfuse', canonNs / langfuseNs, 'x', '<=', 1),
  ]
  unleash.destroy()
  await langfuse.shutdownAsync()
  server.close()
  process.exitCode = ok.every(Boolean) ? 0 : 1
}

await main()
