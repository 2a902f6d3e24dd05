import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/** Debian's Chromium (CI installs it with apt); `CANON_CHROMIUM` points elsewhere. */
export const CHROMIUM_PATH = process.env.CANON_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Launches headless Chromium through playwright-core (which cannot download a browser here).
 * @example const browser = await launchChromium()
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CANON_CHROMIUM`,
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}
