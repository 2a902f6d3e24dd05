/**
 * What the charts and descriptions show, read the way a user reads them: the tick labels uPlot
 * paints on its canvases (recorded from `fillText`), the SVG interval plots, and the rendered
 * Markdown, for traffic that falls in a single bucket, in a few sparse buckets, and densely.
 * And the registry's pages on a machine without internet: Chromium may reach the registry's
 * origin and nothing else; `/docs` (the API reference) and the dashboard must render all the
 * same, and neither may even try another origin.
 */
import type { PromptDefinition } from '@canon/core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Execution,
  hex,
  launchChromium,
  newPage,
  postExecutions,
  postScores,
  random,
  saveScreenshot,
  seedPrompts,
  startTestRegistry,
  type TestRegistry,
  waitForCounts,
} from './support'

const HOUR = 3_600_000
const CHARTS = [
  'Calls per bucket',
  'Latency',
  'Tokens per call',
  'Cost per call',
  'Error rate',
  'Quality score',
  'Feedback approval',
] as const
type ChartTitle = (typeof CHARTS)[number]

let registry: TestRegistry
let browser: Browser
let definitions: PromptDefinition[]

/**
 * ExtractOrderDetails: 12 calls in one hour bucket, 1 ms latencies, one costly outlier (its
 * cost interval goes below zero), every call approved. ClassifyTicketIntent: 4 calls in each of
 * three buckets hours apart. SummarizeSupportTicket: v1 and v2 every few minutes all day.
 */
function traffic(now: number): { executions: Execution[]; approvals: Map<string, number> } {
  const rand = random(11)
  const executions: Execution[] = []
  const approvals = new Map<string, number>()
  const add = (e: Partial<Execution> & Pick<Execution, 'name' | 'startMs'>) =>
    executions.push({
      traceId: hex(rand, 32),
      spanId: hex(rand, 16),
      version: 1,
      variant: null,
      label: 'production',
      latencyMs: 400,
      inputTokens: 500,
      outputTokens: 100,
      costUsd: 0.000135,
      error: false,
      simulated: false,
      ...e,
    })
  const hourStart = (hoursAgo: number) => Math.floor((now - hoursAgo * HOUR) / HOUR) * HOUR

  for (let i = 0; i < 12; i++) {
    add({
      name: 'ExtractOrderDetails',
      startMs: hourStart(3) + 60_000 + i * 1000,
      latencyMs: 1,
      costUsd: i === 0 ? 0.02 : 0.00002,
      error: i === 5,
    })
    if (i !== 5) approvals.set(executions.at(-1)?.traceId as string, 1)
  }
  for (const hoursAgo of [22, 12, 2]) {
    for (let i = 0; i < 4; i++) {
      add({
        name: 'ClassifyTicketIntent',
        startMs: hourStart(hoursAgo) + 120_000 + i * 60_000,
        latencyMs: 300 + Math.round(rand() * 300),
        costUsd: 0.00006 + rand() * 0.00002,
      })
    }
  }
  for (let t = now - 23.5 * HOUR; t < now - 60_000; t += 4 * 60_000) {
    const v2 = rand() < 0.4
    add({
      name: 'SummarizeSupportTicket',
      version: v2 ? 2 : 1,
      variant: v2 ? 'v2' : 'v1',
      label: null,
      startMs: Math.round(t),
      latencyMs: Math.round((v2 ? 800 : 950) + (rand() - 0.5) * 700),
      inputTokens: v2 ? 620 : 950,
      costUsd: (v2 ? 0.00016 : 0.00021) * (0.8 + rand() * 0.4),
      error: rand() < 0.03,
    })
    if (rand() < 0.5) approvals.set(executions.at(-1)?.traceId as string, rand() < 0.8 ? 1 : 0)
  }
  return { executions, approvals }
}

beforeAll(async () => {
  ;[registry, browser] = await Promise.all([startTestRegistry(), launchChromium()])
  definitions = await seedPrompts(registry)
  const key = await registry.createKey('support-app', ['telemetry'])
  const { executions, approvals } = traffic(Date.now())
  await postExecutions(registry, key, executions)
  await postScores(
    registry,
    key,
    executions
      .filter((e) => approvals.has(e.traceId))
      .map((e) => ({
        traceId: e.traceId,
        spanId: e.spanId,
        name: 'user_approval',
        value: approvals.get(e.traceId) as number,
      })),
  )
  const calls: Record<string, number> = {}
  for (const e of executions) calls[e.name] = (calls[e.name] ?? 0) + 1
  await waitForCounts(registry, calls)
})

afterAll(async () => {
  await browser?.close()
  await registry?.close()
})

/** Records every `fillText` on a canvas since its last full clear: the labels on screen. */
const RECORD_CANVAS_TEXT = `(() => {
  const proto = CanvasRenderingContext2D.prototype
  const clear = proto.clearRect
  proto.clearRect = function (x, y, w, h) {
    if (x <= 0 && y <= 0 && w >= this.canvas.width && h >= this.canvas.height) this.canvas.__texts = []
    return clear.call(this, x, y, w, h)
  }
  const fill = proto.fillText
  proto.fillText = function (text, x, y, maxWidth) {
    ;(this.canvas.__texts ??= []).push({ text: String(text), x, y, align: this.textAlign })
    return fill.call(this, text, x, y, maxWidth)
  }
})()`

interface Axes {
  /** x-axis labels, left to right, lines joined with `\n`. */
  x: { text: string; x: number }[]
  /** y-axis labels, bottom to top. */
  y: { text: string; y: number }[]
  /** The plot area, in canvas pixels. */
  plot: { top: number; bottom: number; left: number; right: number }
}

async function openCharts(name: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await newPage(browser)
  await opened.page.addInitScript(RECORD_CANVAS_TEXT)
  await opened.page.goto(`${registry.url}/prompts/${name}/metrics#key=${registry.adminKey}`)
  for (const title of CHARTS) {
    await opened.page.locator('figure.chart', { hasText: title }).locator('canvas').waitFor()
  }
  return opened
}

/** The tick labels a chart shows, once its drawing has settled. */
async function readAxes(page: Page, title: ChartTitle): Promise<Axes> {
  const read = () =>
    page.evaluate<Axes | null>(`(() => {
      const figure = [...document.querySelectorAll('figure.chart')]
        .find((f) => f.querySelector('figcaption')?.textContent?.startsWith(${JSON.stringify(title)}))
      const canvas = figure?.querySelector('canvas')
      const over = figure?.querySelector('.u-over')
      if (!canvas || !over || !canvas.__texts?.length) return null
      const box = canvas.getBoundingClientRect()
      const scale = canvas.width / box.width
      const o = over.getBoundingClientRect()
      const plot = {
        top: (o.top - box.top) * scale,
        bottom: (o.bottom - box.top) * scale,
        left: (o.left - box.left) * scale,
        right: (o.right - box.left) * scale,
      }
      const x = new Map()
      const y = []
      for (const t of canvas.__texts) {
        if (t.align === 'center') x.set(t.x, x.has(t.x) ? x.get(t.x) + '\\n' + t.text : t.text)
        else y.push({ text: t.text, y: t.y })
      }
      return {
        x: [...x].map(([px, text]) => ({ text, x: px })).sort((a, b) => a.x - b.x),
        y: y.sort((a, b) => b.y - a.y),
        plot,
      }
    })()`)
  let last = ''
  for (let i = 0; i < 50; i++) {
    const axes = await read()
    const now = JSON.stringify(axes)
    if (axes && now === last) return axes
    last = now
    await page.waitForTimeout(100)
  }
  throw new Error(`the "${title}" chart never drew settled axes: ${last}`)
}

const UNIT_PATTERN: Record<ChartTitle, RegExp> = {
  'Calls per bucket': /^\d{1,3}( \d{3})*$/,
  Latency: /^\d+(\.\d+)? (ms|s)$/,
  'Tokens per call': /^\d{1,3}( \d{3})*(\.\d+)?$/,
  'Cost per call': /^−?\$\d+(\.\d+)?$/,
  'Error rate': /^\d+(\.\d+)? %$/,
  'Quality score': /^\d+(\.\d+)?$/,
  'Feedback approval': /^\d+(\.\d+)? %$/,
}

/** Minutes since midnight of an `HH:mm` label's first line. */
function clockMinutes(label: string): number {
  const match = /^(\d\d):(\d\d)(\n\d{1,2} [A-Z][a-z]{2})?$/.exec(label)
  if (!match) throw new Error(`not a clock-time tick: ${JSON.stringify(label)}`)
  return Number(match[1]) * 60 + Number(match[2])
}

/** Checks what every chart of a 24-hour metrics page shows on its axes. */
async function expectSaneAxes(page: Page): Promise<Record<ChartTitle, Axes>> {
  const all = {} as Record<ChartTitle, Axes>
  for (const title of CHARTS) {
    const axes = await readAxes(page, title)
    all[title] = axes
    const ys = axes.y.map((l) => l.text)
    expect(ys.length, `${title}: y ticks ${ys}`).toBeGreaterThanOrEqual(2)
    expect(new Set(ys).size, `${title}: y ticks ${ys} repeat a label`).toBe(ys.length)
    for (const label of ys) expect(label, title).toMatch(UNIT_PATTERN[title])
    if (title === 'Latency') {
      expect(new Set(ys.map((l) => l.split(' ')[1])).size, `${title}: one unit ${ys}`).toBe(1)
    }
    if (title === 'Error rate' || title === 'Feedback approval') {
      for (const label of ys)
        expect(Number.parseFloat(label), `${title}: ${ys}`).toBeLessThanOrEqual(100)
    }

    // The x-axis spans the selected 24 hours, in clock times evenly spaced.
    const xs = axes.x.map((l) => l.text)
    const minutes = xs.map(clockMinutes)
    const steps = minutes.slice(1).map((m, i) => (m - (minutes[i] as number) + 1440) % 1440)
    expect(new Set(steps).size, `${title}: x ticks ${JSON.stringify(xs)}`).toBe(1)
    const step = steps[0] as number
    expect(step, `${title}: x ticks ${JSON.stringify(xs)}`).toBeLessThanOrEqual(6 * 60)
    expect(
      step * (xs.length - 1),
      `${title}: x ticks ${JSON.stringify(xs)}`,
    ).toBeGreaterThanOrEqual(24 * 60 - 2 * step)
    // …from its left edge to its right edge, not around the data.
    const width = axes.plot.right - axes.plot.left
    expect((axes.x[0]?.x ?? 0) - axes.plot.left).toBeLessThanOrEqual(width * (step / 1440) + 2)
    expect(axes.plot.right - (axes.x.at(-1)?.x ?? 0)).toBeLessThanOrEqual(width * (step / 1440) + 2)
  }
  return all
}

describe('charts', () => {
  it('single bucket: a 24-hour axis, distinct sub-millisecond ticks, approval up to 100 %', async () => {
    const { page, errors } = await openCharts('ExtractOrderDetails')
    const axes = await expectSaneAxes(page)
    // Every call approved: the axis tops out at exactly 100 %, at the top of the plot.
    const approval = axes['Feedback approval']
    const top = approval.y.at(-1)
    expect(top?.text).toBe('100 %')
    expect(Math.abs((top?.y ?? 0) - approval.plot.top)).toBeLessThanOrEqual(2)
    // Ticks a fraction of a millisecond apart need decimals to tell them apart.
    const latency = axes.Latency.y.map((l) => l.text)
    expect(latency.filter((l) => /^0\.\d+ ms$/.test(l)).length, String(latency)).toBeGreaterThan(0)
    await saveScreenshot(page, 'dashboard-metrics-single-bucket.png')
    expect(errors).toEqual([])
  })

  it('sparse buckets: the axes still span the range', async () => {
    const { page, errors } = await openCharts('ClassifyTicketIntent')
    const axes = await expectSaneAxes(page)
    expect(axes['Calls per bucket'].y.map((l) => l.text)).not.toContain('0.5')
    expect(errors).toEqual([])
  })

  it('dense buckets: one unit per axis, money and rates as the tables write them', async () => {
    const { page, errors } = await openCharts('SummarizeSupportTicket')
    const axes = await expectSaneAxes(page)
    expect(axes.Latency.y.at(-1)?.text).toMatch(/ s$/)
    expect(axes['Cost per call'].y.map((l) => l.text)).toContain('$0.0001')
    await saveScreenshot(page, 'dashboard-metrics-dense.png')
    expect(errors).toEqual([])
  })

  it('A/B: money sign first, interval axes within 0–100 %', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(`${registry.url}/prompts/ExtractOrderDetails/ab#key=${registry.adminKey}`)
    const arms = page.getByRole('table', { name: /Arms side by side/ })
    await arms.waitFor()
    const cost = (await arms.getByRole('row', { name: /^Cost per call/ }).textContent()) ?? ''
    // The costly outlier stretches the interval below zero.
    expect(cost).toMatch(/95 % CI −\$0\.\d+ – \$0\.\d+/)
    expect(cost).not.toMatch(/\$[-−]/)

    const ticks = (title: string) =>
      page
        .getByRole('img', { name: new RegExp(`^${title}`) })
        .locator('text.tick')
        .allTextContents()
    const approval = await ticks('Feedback approval')
    expect(approval.at(-1)).toBe('100 %')
    for (const label of approval) expect(Number.parseFloat(label)).toBeLessThanOrEqual(100)
    const costTicks = await ticks('Cost per call')
    expect(costTicks[0]).toMatch(/^−\$0\.\d+$/)
    for (const label of costTicks) expect(label).toMatch(/^−?\$\d+(\.\d+)?$/)

    await page.goto(`${registry.url}/prompts/SummarizeSupportTicket/ab`)
    await page.getByRole('region', { name: 'Verdict' }).waitFor()
    for (const title of ['Error rate', 'Feedback approval']) {
      for (const label of await ticks(title)) {
        expect(label, title).toMatch(/^\d+(\.\d+)? %$/)
        expect(Number.parseFloat(label), title).toBeLessThanOrEqual(100)
      }
    }
    await saveScreenshot(page, 'dashboard-ab-dense.png')
    expect(errors).toEqual([])
  })
})

describe('descriptions', () => {
  it('render as Markdown, and no HTML or script URL from the registry reaches the page', async () => {
    const base = definitions.find((d) => d.name === 'ExtractOrderDetails') as PromptDefinition
    const description = [
      'Reads **order emails** with `gpt-4o-mini`; see [the runbook](https://example.com/runbook).',
      '',
      '<img src=x onerror="window.__xss = 1"> <script>window.__xss = 2</script>',
      '[click me](javascript:window.__xss=3) ![pixel](javascript:window.__xss=4)',
    ].join('\n')
    const res = await registry.request('PUT', '/v1/prompts/MarkdownProbe/versions/1', {
      definition: { ...base, name: 'MarkdownProbe', description },
    })
    expect(res.status).toBe(201)

    const { page, errors } = await newPage(browser)
    await page.goto(`${registry.url}/?q=MarkdownProbe#key=${registry.adminKey}`)
    const row = page.getByRole('row', { name: /MarkdownProbe/ })
    await row.waitFor()
    expect(await row.locator('strong').textContent()).toBe('order emails')

    await page.goto(`${registry.url}/prompts/MarkdownProbe`)
    const shown = page.locator('.prompt-meta .description')
    await shown.waitFor()
    expect(await shown.locator('strong').textContent()).toBe('order emails')
    expect(await shown.locator('code').textContent()).toBe('gpt-4o-mini')
    expect(await shown.getByRole('link', { name: 'the runbook' }).getAttribute('href')).toBe(
      'https://example.com/runbook',
    )
    // The markup is shown as the text it is, and does nothing.
    expect(await shown.textContent()).toContain('<img src=x onerror="window.__xss = 1">')
    expect(await page.locator('img[onerror], .description script').count()).toBe(0)
    const click = shown.getByRole('link', { name: 'click me' })
    expect(await click.getAttribute('href')).not.toMatch(/javascript:/i)
    await click.click()
    expect(await page.evaluate('window.__xss')).toBeUndefined()
    expect(errors).toEqual([])
  })
})

/** A page whose requests to any origin but the registry's fail, as offline; returns their URLs. */
async function offlinePage(): Promise<{ page: Page; errors: string[]; elsewhere: string[] }> {
  const { page, errors } = await newPage(browser)
  const origin = new URL(registry.url).origin
  const elsewhere: string[] = []
  await page.context().route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith('data:') || new URL(url).origin === origin) return route.continue()
    elsewhere.push(url)
    return route.abort('internetdisconnected')
  })
  page.on('console', (msg) => {
    // A CSP violation is reported on the console, not as a page error.
    if (msg.type() === 'error') errors.push(msg.text())
  })
  return { page, errors, elsewhere }
}

describe('without internet', () => {
  it('/docs renders the API reference with its operations', async () => {
    const { page, errors, elsewhere } = await offlinePage()
    await page.goto(`${registry.url}/docs`)
    const publish = page.getByText('Publish a version', { exact: true })
    // Swagger UI parses a 1.7 MB bundle and the whole document: slow on a loaded machine.
    await publish.waitFor({ timeout: 60_000 })
    expect(await publish.isVisible()).toBe(true)
    for (const summary of ['List prompts', 'Compare A/B arms', 'Receive OTLP traces']) {
      expect(await page.getByText(summary, { exact: true }).isVisible(), summary).toBe(true)
    }
    await page.getByText('PUT', { exact: true }).first().waitFor()
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(15)
    await saveScreenshot(page, 'docs.png')

    // An operation opens with its parameters and responses.
    await publish.click()
    await page.getByRole('heading', { name: 'Responses' }).first().waitFor()
    expect(elsewhere).toEqual([])
    expect(errors).toEqual([])
  }, 90_000)

  it('the dashboard lists the prompts and draws the charts', async () => {
    const { page, errors, elsewhere } = await offlinePage()
    await page.goto(`${registry.url}/#key=${registry.adminKey}`)
    await page.getByRole('row', { name: /SummarizeSupportTicket/ }).waitFor()
    await page.goto(`${registry.url}/prompts/SummarizeSupportTicket/metrics`)
    for (const title of CHARTS) {
      await page.locator('figure.chart', { hasText: title }).locator('canvas').waitFor()
    }
    expect(elsewhere).toEqual([])
    expect(errors).toEqual([])
  })
})
