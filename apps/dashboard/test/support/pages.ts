import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'

/** Where CI collects screenshots (git-ignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../../.ci/artifacts/', import.meta.url))

/** A fresh browser context (its own localStorage) at a laptop's 1366×768, reporting page errors. */
export async function newPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  return { page, errors }
}

/** Saves a full-page screenshot as a CI artifact, e.g. `dashboard-ab.png`. */
export async function saveScreenshot(page: Page, file: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const path = `${ARTIFACTS_DIR}${file}`
  await page.screenshot({ path, fullPage: true })
  return path
}
