/**
 * The dashboard's main journeys in Debian's Chromium, against a real registry (the production
 * `startRegistry` with the dashboard build) holding `prompts/` and traffic sent through the real
 * OTLP receiver. Screenshots go to `.ci/artifacts/`.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchChromium,
  newPage,
  saveScreenshot,
  seedPrompts,
  sendTraffic,
  startTestRegistry,
  type TestRegistry,
  type TrafficSummary,
} from './support'

let registry: TestRegistry
let browser: Browser
let traffic: TrafficSummary
let readOnlyKey: string

beforeAll(async () => {
  const [started, launched] = await Promise.all([startTestRegistry(), launchChromium()])
  registry = started
  browser = launched
  await seedPrompts(registry)
  const telemetryKey = await registry.createKey('support-app', ['telemetry'])
  readOnlyKey = await registry.createKey('viewer', ['read'])
  traffic = await sendTraffic(registry, telemetryKey)
})

afterAll(async () => {
  await browser?.close()
  await registry?.close()
})

/** Opens `path` signed in with `key`, handed over in the URL fragment as `canon serve` does. */
async function open(
  path: string,
  key = registry.adminKey,
): Promise<{ page: Page; errors: string[] }> {
  const opened = await newPage(browser)
  await opened.page.goto(`${registry.url}${path}#key=${key}`)
  return opened
}

async function label(name: string, labelName: string): Promise<number> {
  const res = await registry.request('GET', `/v1/prompts/${name}/labels/${labelName}`)
  return ((await res.json()) as { version: number }).version
}

describe('dashboard journeys', () => {
  it('lists prompts with labels and last-24 h traffic, and opens a prompt from the list', async () => {
    const { page, errors } = await open('/')
    const row = page.getByRole('row', { name: /SummarizeSupportTicket/ })
    await row.getByRole('cell', { name: '800' }).waitFor()
    // The key left the address bar and lives in localStorage.
    expect(page.url()).toBe(`${registry.url}/`)
    expect(await page.evaluate('localStorage.getItem("canon.apiKey")')).toBe(registry.adminKey)
    expect(await page.getByRole('banner').textContent()).toContain('admin')

    expect(await row.textContent()).toContain('production → v2')
    expect(await row.textContent()).toContain('staging → v2')
    const classify = page.getByRole('row', { name: /ClassifyTicketIntent/ })
    expect(
      await classify
        .getByRole('cell', { name: String(traffic.calls.ClassifyTicketIntent) })
        .count(),
    ).toBe(1)
    // DraftSupportReply's traffic came from the simulator: the page says so.
    expect(await page.getByRole('note').textContent()).toContain('canon serve --demo')

    // Filter by tag, then by search text.
    await page.locator('select[name="tag"]').selectOption('classification')
    await page.getByText('1 of 4 prompts').waitFor()
    expect(page.url()).toContain('tag=classification')
    await page.locator('select[name="tag"]').selectOption('')
    await page.getByLabel('Search').fill('summar')
    await page.getByText('1 of 4 prompts').waitFor()

    await page.getByRole('link', { name: 'SummarizeSupportTicket' }).click()
    await page.waitForURL(`${registry.url}/prompts/SummarizeSupportTicket`)
    await page.getByRole('heading', { level: 1, name: 'SummarizeSupportTicket' }).waitFor()
    const v2 = page.getByRole('row', { name: /^v2/ })
    await v2.waitFor()
    expect(await v2.textContent()).toContain('Gate passed')
    expect(await v2.textContent()).toContain('95.8 % pass')
    expect(await page.getByRole('row', { name: /^v1/ }).textContent()).toContain('91.7 % pass')
    await page.getByRole('cell', { name: 'v1 → v2' }).waitFor()
    await saveScreenshot(page, 'dashboard-prompt.png')
    expect(errors).toEqual([])
  })

  it('compares any two versions: the diff shows the changed lines', async () => {
    const { page, errors } = await open('/prompts/SummarizeSupportTicket/compare?from=1&to=2')
    await page.getByText(/v1 → v2: \+\d+ −\d+ lines/).waitFor()
    const removed = page.locator('tr.diff-removed', { hasText: 'max_tokens: 700' })
    const added = page.locator('tr.diff-added', { hasText: 'max_tokens: 500' })
    expect(await removed.count()).toBe(1)
    expect(await added.count()).toBe(1)
    expect(
      await page.locator('tr.diff-added', { hasText: 'Reply with only this JSON object' }).count(),
    ).toBe(1)

    // Reverse the comparison with the pickers: the same line is now the other way round.
    await page.getByLabel('From').selectOption('2')
    await page.getByLabel('To').selectOption('1')
    await page.waitForURL(/from=2&to=1/)
    await page.getByText(/v2 → v1:/).waitFor()
    expect(await page.locator('tr.diff-added', { hasText: 'max_tokens: 700' }).count()).toBe(1)

    await page.getByLabel('Side by side').check()
    await page.waitForURL(/view=split/)
    await page.locator('table.diff-split td.diff-removed', { hasText: 'max_tokens: 500' }).waitFor()
    await saveScreenshot(page, 'dashboard-diff.png')
    expect(errors).toEqual([])
  })

  it('shows per-version charts of the traffic', async () => {
    const { page, errors } = await open('/prompts/SummarizeSupportTicket/metrics')
    const table = page.getByRole('table', { name: /Totals per version/ })
    await table.waitFor()
    expect(
      await table.getByRole('row', { name: /^v1/ }).getByRole('cell').first().textContent(),
    ).toBe(String(traffic.variants.v1))
    expect(
      await table.getByRole('row', { name: /^v2/ }).getByRole('cell').first().textContent(),
    ).toBe(String(traffic.variants.v2))
    for (const title of [
      'Latency',
      'Tokens per call',
      'Cost per call',
      'Error rate',
      'Quality score',
      'Feedback approval',
    ]) {
      await page.locator('figure.chart', { hasText: title }).locator('canvas').first().waitFor()
    }
    await saveScreenshot(page, 'dashboard-metrics.png')
    expect(errors).toEqual([])
  })

  it('sets the A/B arms side by side with intervals and reads the verdict', async () => {
    const api = await registry.request(
      'GET',
      '/v1/metrics/prompts/SummarizeSupportTicket/ab?from=7d',
    )
    const ab = (await api.json()) as { verdict: { text: string } }
    const { page, errors } = await open('/prompts/SummarizeSupportTicket/ab')
    const verdict = page.getByRole('region', { name: 'Verdict' })
    await verdict.waitFor()
    expect(await verdict.locator('.verdict-text').textContent()).toBe(ab.verdict.text)
    expect(ab.verdict.text).toMatch(/v2 is \d+ % cheaper/)

    const arms = page.getByRole('table', { name: /Arms side by side/ })
    const calls = await arms
      .getByRole('row', { name: /^Calls/ })
      .getByRole('cell')
      .allTextContents()
    expect(calls[0]).toContain(traffic.variants.v1?.toLocaleString('en-US'))
    expect(calls[1]).toContain(traffic.variants.v2?.toLocaleString('en-US'))
    expect(await arms.getByRole('row', { name: /^Cost per call/ }).textContent()).toMatch(
      /95 % CI \$[\d.]+ – \$[\d.]+/,
    )
    expect(await page.getByRole('img', { name: /^Feedback approval/ }).count()).toBe(1)
    await saveScreenshot(page, 'dashboard-ab.png')
    expect(errors).toEqual([])
  })

  it('rolls back a label after confirmation, and the registry and label history agree', async () => {
    const { page, errors } = await open('/prompts/SummarizeSupportTicket')
    const rollBack = page.getByRole('button', { name: 'Roll back production to v1' })
    await rollBack.click()
    const dialog = page.getByRole('dialog', { name: 'Roll back production to v1?' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('production: v2 → v1')

    // Escape cancels: nothing moves.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await label('SummarizeSupportTicket', 'production')).toBe(2)

    await rollBack.click()
    await dialog.getByRole('button', { name: 'Roll back production' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: 'production now points at v1 (was v2).' })
      .waitFor()
    expect(await label('SummarizeSupportTicket', 'production')).toBe(1)
    const latest = page
      .getByRole('table', { name: /Label moves/ })
      .getByRole('row')
      .nth(1)
    await latest.filter({ hasText: 'v2 → v1' }).waitFor()
    expect(await latest.textContent()).toContain('production')
    expect(await latest.textContent()).toContain('admin')
    expect(errors).toEqual([])
  })

  it("shows the server's 412 when someone else moved the label first", async () => {
    const { page } = await open('/prompts/SummarizeSupportTicket')
    await page.getByRole('button', { name: 'Move staging…' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Version').selectOption('1')
    // Meanwhile a colleague (or CI) moves staging.
    const res = await registry.request('PUT', '/v1/prompts/SummarizeSupportTicket/labels/staging', {
      version: 1,
    })
    expect(res.status).toBe(200)
    await dialog.getByRole('button', { name: 'Move staging' }).click()
    const alert = dialog.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('412 Precondition failed')
    expect(await alert.textContent()).toMatch(/staging/)
    expect(await dialog.isVisible()).toBe(true)
  })

  it('offers no actions to a read-only key', async () => {
    const { page } = await open('/prompts/SummarizeSupportTicket', readOnlyKey)
    await page.getByRole('row', { name: /^v2/ }).waitFor()
    expect(await page.getByText('This key can read only.').count()).toBe(1)
    expect(
      await page.getByRole('button', { name: /Roll back|Promote|Deprecate|Retire/ }).count(),
    ).toBe(0)
    expect(await page.getByRole('banner').getByLabel('Scopes').textContent()).toBe('read')
  })

  it('works with the keyboard alone: skip link, open a prompt, deprecate a version', async () => {
    const { page, errors } = await open('/')
    await page.getByRole('row', { name: /ExtractOrderDetails/ }).waitFor()
    // Page-side code as strings: this tsconfig has Node's types, not the DOM's.
    const focused = () =>
      page.evaluate<{ text: string; outline: string }>(`(() => {
        const el = document.activeElement
        return {
          text: el?.textContent?.trim() ?? '',
          outline: el ? getComputedStyle(el).outlineStyle : '',
        }
      })()`)
    const tabTo = async (text: string, limit = 60) => {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab')
        if ((await focused()).text === text) return
      }
      throw new Error(`Tab never reached "${text}"`)
    }

    await page.keyboard.press('Tab')
    expect((await focused()).text).toBe('Skip to content')
    expect((await focused()).outline).not.toBe('none')
    await page.keyboard.press('Enter')
    expect(await page.evaluate('document.activeElement?.id')).toBe('main')

    await tabTo('ExtractOrderDetails')
    expect((await focused()).outline).not.toBe('none')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/prompts\/ExtractOrderDetails$/)
    // Focus lands on the new page's heading.
    await page.locator('h1:focus').waitFor()

    await tabTo('Deprecate v1')
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Deprecate ExtractOrderDetails v1?' })
    await dialog.waitFor()
    expect((await focused()).text).toBe('Deprecate v1') // the dialog's confirm button
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect((await focused()).text).toBe('Deprecate v1') // back on the button that opened it

    await page.keyboard.press('Enter')
    await dialog.waitFor()
    await page.keyboard.press('Enter')
    await page.getByRole('status').filter({ hasText: 'v1 is now deprecated.' }).waitFor()
    const res = await registry.request('GET', '/v1/prompts/ExtractOrderDetails')
    const body = (await res.json()) as { versions: { version: number; status: string }[] }
    expect(body.versions.find((v) => v.version === 1)?.status).toBe('deprecated')
    expect(errors).toEqual([])
  })
})
