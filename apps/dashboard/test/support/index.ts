/**
 * Test support of the dashboard, shared with `bench/dashboard.bench.ts`: a real registry, the
 * example prompts, OTLP traffic through the real receiver, and Debian's Chromium.
 * @module
 */
export { CHROMIUM_PATH, launchChromium } from './chromium'
export {
  type Execution,
  hex,
  otlpRequest,
  postExecutions,
  postScores,
  random,
  sendTraffic,
  type TrafficSummary,
  waitForCounts,
} from './otlp-traffic'
export { ARTIFACTS_DIR, newPage, saveScreenshot } from './pages'
export { PROMPTS_DIR, seedPrompts } from './seed-prompts'
export { startTestRegistry, type TestRegistry } from './test-registry'
