import { describe, expect, it } from 'vitest'
import { hrefFor, parseRoute, type Route } from './routes'

describe('dashboard URLs', () => {
  it('round-trips every page through its URL (deep links)', () => {
    const routes: Route[] = [
      { page: 'prompts', q: 'summ', tag: 'support' },
      { page: 'prompt', name: 'support.summarize-v2' },
      { page: 'metrics', name: 'A', range: '7d' },
      { page: 'compare', name: 'A', from: 1, to: 3, view: 'split' },
      { page: 'ab', name: 'A', range: '24h' },
    ]
    for (const route of routes) {
      const url = new URL(hrefFor(route), 'http://x')
      expect(parseRoute(url.pathname, url.search)).toEqual(route)
    }
  })

  it('falls back to defaults for missing or bad query values', () => {
    expect(parseRoute('/prompts/A/metrics', '?range=1y')).toEqual({
      page: 'metrics',
      name: 'A',
      range: '24h',
    })
    expect(parseRoute('/prompts/A/compare', '?from=0&to=01')).toEqual({
      page: 'compare',
      name: 'A',
      view: 'unified',
    })
  })

  it('calls anything else not found', () => {
    expect(parseRoute('/nope', '').page).toBe('not-found')
    expect(parseRoute('/prompts/A/other', '').page).toBe('not-found')
    expect(parseRoute('/prompts/%E0%A4%A', '').page).toBe('not-found')
  })
})
