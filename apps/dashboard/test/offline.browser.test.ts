/**
 * The registry's pages on a machine without internet: Chromium may reach the registry's origin
 * and nothing else. `/docs` (the API reference) and the dashboard must render all the same, and
 * neither may even try another origin.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchChromium,
  newPage,
  saveScreenshot,
  seedPrompts,
  startTestRegistry,
  type TestRegistry,
} from './support'

let registry: TestRegistry
let browser: Browser

beforeAll(async () => {
  ;[registry, browser] = await Promise.all([startTestRegistry(), launchChromium()])
  await seedPrompts(registry)
})

afterAll(async () => {
  await browser?.close()
  await registry?.close()
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
    await publish.waitFor({ timeout: 20_000 })
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
  })

  it('the dashboard loads and lists the prompts', async () => {
    const { page, errors, elsewhere } = await offlinePage()
    await page.goto(`${registry.url}/#key=${registry.adminKey}`)
    await page.getByRole('row', { name: /SummarizeSupportTicket/ }).waitFor()
    await page.goto(`${registry.url}/prompts/SummarizeSupportTicket/metrics`)
    await page.getByRole('heading', { name: /Metrics by version/ }).waitFor()
    expect(elsewhere).toEqual([])
    expect(errors).toEqual([])
  })
})
