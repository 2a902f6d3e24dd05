import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escapeHtml, renderHtmlReport } from './html-report'
import { buildEvalReport } from './json-report'
import { qaEvaluation, XSS } from './test-report'

/** Debian's Chromium (CI installs it with apt); `CANON_CHROMIUM` points elsewhere. */
const CHROMIUM = process.env.CANON_CHROMIUM ?? '/usr/bin/chromium'

describe('HTML report', () => {
  let html: string
  let dir: string
  let browser: Browser

  beforeAll(async () => {
    html = renderHtmlReport(buildEvalReport([await qaEvaluation()], new Date(), 5))
    dir = await mkdtemp(join(tmpdir(), 'canon-html-report-'))
    await writeFile(join(dir, 'eval.html'), html)
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CANON_CHROMIUM)`)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('is one self-contained file: no script, no external asset or link', () => {
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i)
    expect(html).not.toMatch(/<link\b/i)
    expect(html).toContain("default-src 'none'")
  })

  it('renders in Chromium: headline, cases, leniency, escaped output, failures filter', async () => {
    const page = await browser.newPage()
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    const dialogs: string[] = []
    page.on('dialog', async (d) => {
      dialogs.push(d.message())
      await d.dismiss()
    })
    const url = pathToFileURL(join(dir, 'eval.html')).href
    await page.goto(url)

    expect(await page.locator('#headline').textContent()).toMatch(
      /^2 of 4 cases passed · Capitals v3: weighted pass rate 62\.5%$/,
    )
    expect(await page.locator('h1').textContent()).toBe(
      '✔ Canon eval: Capitals v3 passes the gate.',
    )
    // Only the file itself was loaded; the markup in the output ran nothing.
    expect(requests).toEqual([url])
    expect(dialogs).toEqual([])
    expect(await page.title()).toBe('Canon eval: Capitals v3 passes the gate.')

    const rows = page.locator('tr.case')
    expect(await rows.count()).toBe(4)
    const xss = page.locator('tr.case[data-case="xss"]')
    expect(await xss.locator('td').nth(3).textContent()).toBe(XSS)
    expect(await xss.locator('td').nth(2).textContent()).toContain('<b>Atlantis</b> & "friends"')
    expect(await xss.locator('img').count()).toBe(0)
    expect(await xss.locator('li.fail').first().textContent()).toMatch(/^✖ equals \[accuracy\]: /)

    const paris = page.locator('tr.case[data-case="paris"]')
    expect(await paris.locator('.lenient').textContent()).toBe(
      "relied on Canon's leniency: equal only after trimming surrounding whitespace (promptfoo compares exactly)",
    )
    expect(await paris.locator('td').nth(1).textContent()).toMatch(/^✔ pass/)

    const visible = async () => {
      const shown: (string | null)[] = []
      for (const row of await rows.all())
        if (await row.isVisible()) shown.push(await row.getAttribute('data-case'))
      return shown
    }
    expect(await visible()).toEqual(['paris', 'rome', 'oslo', 'xss'])
    await page.locator('#failures-only').check()
    expect(await visible()).toEqual(['oslo', 'xss'])
    await page.close()
  }, 60_000)

  it('escapes text for element content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>\u0007`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;␇',
    )
  })
})
