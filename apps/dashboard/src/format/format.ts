/**
 * Number and date formatting shared by the pages: one place decides how a cost or a rate looks.
 * @module
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** `4210` → `4,210`; null → `—`. */
export function formatInt(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integer.format(value)
}

/** A rate 0..1 as a percentage: `0.0312` → `3.1 %`. */
export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—'
  const pct = rate * 100
  return `${pct.toFixed(pct !== 0 && Math.abs(pct) < 0.995 ? Math.max(digits, 2) : digits)} %`
}

/** Dollars with enough digits to tell per-call costs apart: `$0.000412`, `$1.37`. */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  if (value === 0) return '$0'
  const abs = Math.abs(value)
  if (abs >= 100) return `$${value.toFixed(0)}`
  if (abs >= 1) return `$${value.toFixed(2)}`
  return `$${Number(value.toPrecision(3)).toString()}`
}

/** Milliseconds: `843 ms`, `1.27 s`. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`
}

/** A plain number with up to 3 significant digits: `0.873`, `412`. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return Math.abs(value) >= 100 ? integer.format(value) : String(Number(value.toPrecision(3)))
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** `12 Mar 2026, 14:05` in the viewer's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date)
}

/** `3 min ago`, `2 h ago`, `5 days ago`. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—'
  const ms = now - new Date(iso).getTime()
  if (!Number.isFinite(ms)) return iso
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86_400)} days ago`
}
