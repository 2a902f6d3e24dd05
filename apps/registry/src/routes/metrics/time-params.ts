/**
 * `from` / `to` query parameters of the metrics routes: ISO-8601 times, or relative to now
 * (`30m`, `24h`, `7d`, `2w`), `to` also `now`. Defaults: the last 24 hours.
 * @module
 */
import { z } from '@hono/zod-openapi'

const UNITS_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }
const RELATIVE = /^(\d{1,4})(m|h|d|w)$/
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/** A time: absolute, or `amount unit` before `nowMs`. Undefined when unreadable. */
export function parseTime(value: string, nowMs: number): Date | undefined {
  const text = value.trim()
  if (text === 'now') return new Date(nowMs)
  const relative = RELATIVE.exec(text)
  if (relative) return new Date(nowMs - Number(relative[1]) * (UNITS_MS[relative[2] ?? ''] ?? 0))
  if (!ISO.test(text)) return undefined
  const ms = Date.parse(text)
  return Number.isFinite(ms) ? new Date(ms) : undefined
}

const timeParam = (name: 'from' | 'to', description: string) =>
  z
    .string()
    .max(64)
    .optional()
    .refine((v) => v === undefined || parseTime(v, Date.now()) !== undefined, {
      error: `${name} must be an ISO-8601 time (2026-03-01T09:00:00Z) or relative to now (30m, 24h, 7d, 2w${name === 'to' ? ', now' : ''})`,
    })
    .openapi({ description, example: name === 'from' ? '24h' : 'now' })

/** The shared `from`/`to` query fields. */
export const timeRangeQuery = {
  from: timeParam('from', 'Start: ISO-8601, or relative to now (`24h`, `7d`). Default `24h`.'),
  to: timeParam('to', 'End: ISO-8601, relative to now, or `now` (default).'),
}

/** The range a query asks for, with the defaults applied. */
export function rangeOf(query: { from?: string | undefined; to?: string | undefined }): {
  from: Date
  to: Date
} {
  const now = Date.now()
  return {
    from: parseTime(query.from ?? '24h', now) ?? new Date(now - UNITS_MS.d!),
    to: parseTime(query.to ?? 'now', now) ?? new Date(now),
  }
}
