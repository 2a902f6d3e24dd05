/**
 * A newcomer's first visit: an empty registry, signing in with a pasted key, and the empty
 * states that say what to do next.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchChromium,
  newPage,
  saveScreenshot,
  startTestRegistry,
  type TestRegistry,
} from './support'

let registry: TestRegistry
let browser: Browser

beforeAll(async () => {
  ;[registry, browser] = await Promise.all([startTestRegistry(), launchChromium()])
})

afterAll(async () => {
  await browser?.close()
  await registry?.close()
})

describe('a newcomer on an empty registry', () => {
  it('signs in with a pasted key, sees what to run, and signs out', async () => {
    const { page, errors } = await newPage(browser)
    await page.goto(`${registry.url}/`)
    const keyInput = page.getByLabel('API key')
    await keyInput.fill('canon_not-a-real-key-0000000000')
    await keyInput.press('Enter')
    await page.getByRole('alert').filter({ hasText: 'does not know this key' }).waitFor()

    await keyInput.fill(registry.adminKey)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const empty = page.getByRole('region', { name: 'No prompts yet' })
    await empty.waitFor()
    expect(await empty.textContent()).toContain('pnpm canon publish prompts/')
    await saveScreenshot(page, 'dashboard-empty.png')

    // A deep link to a prompt that doesn't exist says so, not a blank page.
    await page.goto(`${registry.url}/prompts/NoSuchPrompt`)
    await page.getByRole('alert').filter({ hasText: '404' }).waitFor()

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('API key').waitFor()
    expect(await page.evaluate('localStorage.getItem("canon.apiKey")')).toBeNull()
    expect(errors).toEqual([])
  })

  it('tells a newcomer how to get traffic when a prompt has none', async () => {
    const res = await registry.request('PUT', '/v1/prompts/Greeting/versions/1', {
      definition: {
        name: 'Greeting',
        version: 1,
        tags: [],
        owners: [],
        inputs: { who: { type: 'string', required: true } },
        model: {},
        template: 'Hello {{ who }}',
      },
    })
    expect(res.status).toBe(201)
    const { page } = await newPage(browser)
    await page.goto(`${registry.url}/prompts/Greeting/metrics#key=${registry.adminKey}`)
    const empty = page.getByRole('region', { name: /No traffic yet/ })
    await empty.waitFor()
    expect(await empty.textContent()).toContain('prompt.trace()')
    expect(await empty.textContent()).toContain('pnpm canon serve --demo')
    await page.goto(`${registry.url}/prompts/Greeting/ab`)
    await page.getByRole('region', { name: /No traffic yet/ }).waitFor()
  })
})
