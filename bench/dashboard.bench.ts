/**
 * Dashboard speed (issue "Monitor"): first load on localhost and the size of its JavaScript.
 *
 * First load: headless Chromium (Debian's, via playwright-core), a fresh browser context per
 * load (empty cache, cache disabled), from navigation start until the prompts list is rendered
 * with its data (the table stops being `aria-busy` once prompts and last-24 h metrics arrived).
 * The registry is the real app over the embedded database, with `prompts/` published and
 * traffic sent through `POST /v1/traces`. Baseline in the same run: a bare static HTML page
 * served by the same server (same static handler), navigation start → `load`. Medians of 9
 * alternating cold loads.
 *
 * JS size: every `.js` file of the build, gzipped at level 9 (what the registry sends).
 */
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import {
  launchChromium,
  seedPrompts,
  sendTraffic,
  startTestRegistry,
} from '@canon/dashboard/testing'
import { median, report } from './lib/measure'

const root = resolve(import.meta.dirname, '..')
const distDir = join(root, 'apps/dashboard/dist')
const LOADS = Number(process.env.BENCH_DASHBOARD_LOADS ?? 9)

if (!existsSync(join(distDir, 'index.html'))) {
  process.stdout.write('building the dashboard (apps/dashboard/dist is missing)…\n')
  const built = spawnSync('pnpm', ['--filter', '@canon/dashboard', 'build'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (built.status !== 0) throw new Error('dashboard build failed')
}

// JS size first: it needs no browser.
const jsFiles = readdirSync(join(distDir, 'assets')).filter((f) => f.endsWith('.js'))
let gzBytes = 0
for (const file of jsFiles) {
  const body = readFileSync(join(distDir, 'assets', file))
  const gz = gzipSync(body, { level: 9 }).length
  gzBytes += gz
  process.stdout.write(
    `  ${file}: ${(body.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped\n`,
  )
}

// The build plus one bare page, served by the registry's own static handler.
const served = mkdtempSync(join(tmpdir(), 'canon-bench-dashboard-'))
cpSync(distDir, served, { recursive: true })
writeFileSync(
  join(served, 'bare.html'),
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title></head><body><h1>Prompts</h1></body></html>\n',
)

const registry = await startTestRegistry({ dashboardDir: served })
const browser = await launchChromium()
try {
  await seedPrompts(registry)
  await sendTraffic(registry, registry.adminKey)

  /** Resolves `window.__canonReady` with ms since navigation start once the list has data. */
  const readyProbe = `
    (() => {
      const check = () => {
        if (window.__canonReady) return
        const table = document.querySelector('main table[aria-busy="false"]')
        if (table && table.querySelector('tbody tr')) window.__canonReady = performance.now()
      }
      new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true })
    })()`

  async function coldLoad(path: string, ready: 'list' | 'load'): Promise<number> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    try {
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
      await page.addInitScript(readyProbe)
      await page.goto(`${registry.url}${path}`, { waitUntil: 'load' })
      if (ready === 'load') {
        return await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd')
      }
      // Polled through CDP (the dashboard's CSP forbids the eval a string predicate needs); the
      // time itself was taken in the page by the observer.
      const deadline = Date.now() + 10_000
      while (!(await page.evaluate('Boolean(window.__canonReady)'))) {
        if (Date.now() > deadline) throw new Error('the prompts list never rendered with data')
        await new Promise((r) => setTimeout(r, 20))
      }
      const ms = Number(await page.evaluate('window.__canonReady'))
      const rows = Number(await page.evaluate('document.querySelectorAll("main tbody tr").length'))
      if (rows < 4) throw new Error(`the prompts list showed ${rows} rows`)
      return ms
    } finally {
      await context.close()
    }
  }

  // Warm the server side once (JIT, PGlite caches) so the figures measure the page.
  await coldLoad(`/#key=${registry.adminKey}`, 'list')
  await coldLoad('/bare.html', 'load')
  const bare: number[] = []
  const dashboard: number[] = []
  for (let i = 0; i < LOADS; i++) {
    bare.push(await coldLoad('/bare.html', 'load'))
    dashboard.push(await coldLoad(`/#key=${registry.adminKey}`, 'list'))
  }
  const first = median(dashboard)
  const base = median(bare)
  process.stdout.write(
    `first load (navigation start → prompts list with data), median of ${LOADS} cold loads: ${first.toFixed(0)} ms ` +
      `[${dashboard.map((v) => v.toFixed(0)).join(', ')}]\n` +
      `baseline bare static page (navigation start → load): ${base.toFixed(0)} ms; ratio ${(first / base).toFixed(1)}×\n`,
  )
  report('dashboard-first-load', Math.round(first), 'ms', '<=', 1000)
} finally {
  await browser.close()
  await registry.close()
  rmSync(served, { recursive: true, force: true })
}
report('dashboard-js', Number((gzBytes / 1024).toFixed(1)), 'KB', '<=', 300)
