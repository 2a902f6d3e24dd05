/**
 * Every number, percentage, amount of money, duration and time the dashboard shows goes through
 * here, so one page never shows the same kind of number two ways. House style (the registry's
 * verdicts use it too): a space before `%` and units, thousands grouped with a space (`4 210`),
 * the sign before the currency (`−$0.0066`), a true minus sign.
 * @module
 */

/** Groups thousands (`4 210`) and separates a number from its unit, as the registry's texts do. */
const SPACE = ' '
const MINUS = '\u2212'
const DASH = '—'

const isNumber = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v)

const fixedFormats = new Map<number, Intl.NumberFormat>()

/** `value` with exactly `digits` decimals, grouped with spaces, with a true minus sign. */
function fixed(value: number, digits: number): string {
  let format = fixedFormats.get(digits)
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    fixedFormats.set(digits, format)
  }
  const text = format.format(value).replace(/,/g, SPACE)
  // `-0.00` is zero to a reader.
  return /^-[0.]*$/.test(text) ? text.slice(1) : text.replace('-', MINUS)
}

/** Decimals that show `value` to `significant` significant digits (none past the point for ≥ 10^significant). */
function decimalsFor(value: number, significant: number): number {
  if (value === 0) return 0
  return Math.max(0, significant - 1 - Math.floor(Math.log10(Math.abs(value))))
}

/** `value` to `significant` significant digits, trailing zeros dropped: `0.873`, `0.0066`, `412`. */
function significantDigits(value: number, significant: number): string {
  const rounded = Number(value.toPrecision(significant))
  const digits = decimalsFor(rounded, significant)
  return fixed(rounded, digits)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')
}

/** A count: `4210` → `4 210`; null → `—`. */
export function formatInt(value: number | null | undefined): string {
  return isNumber(value) ? fixed(Math.round(value), 0) : DASH
}

/**
 * A rate 0..1 as a percentage with `digits` decimals: `0.0312` → `3.1 %`. Exactly 0 and 1 read
 * `0 %` and `100 %`; rates too small (or too close to 1) for the decimals say so (`<0.01 %`,
 * `>99.9 %`) instead of rounding to a misleading `0.00 %` or `100.0 %`.
 */
export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (!isNumber(rate)) return DASH
  const pct = rate * 100
  if (pct === 0 || pct === 100) return `${fixed(pct, 0)}${SPACE}%`
  // Below 1 %, one decimal hides too much (0.46 % vs 0.5 %); what rounds to 1 % reads `1.0 %`.
  const d = Math.abs(pct) < 0.995 ? Math.max(digits, 2) : digits
  const step = 10 ** -d
  if (Math.abs(pct) < step / 2) return `${pct < 0 ? `>${MINUS}` : '<'}${fixed(step, d)}${SPACE}%`
  if (pct < 100 && pct > 100 - step / 2) return `>${fixed(100 - step, d)}${SPACE}%`
  return `${fixed(pct, d)}${SPACE}%`
}

/**
 * Dollars, sign first: `$1 234`, `$1.37`, and below a dollar `significant` digits (two: enough
 * to tell per-call costs apart): `$0.00041`, `−$0.0066`.
 */
export function formatUsd(value: number | null | undefined, significant = 2): string {
  if (!isNumber(value)) return DASH
  if (value === 0) return '$0'
  const abs = Math.abs(value)
  const sign = value < 0 ? MINUS : ''
  if (abs >= 100) return `${sign}$${fixed(abs, 0)}`
  if (abs >= 1) return `${sign}$${fixed(abs, 2)}`
  return `${sign}$${significantDigits(abs, significant)}`
}

/** A duration in milliseconds: `0.4 ms`, `843 ms`, `1.27 s`, `12.7 s`, `1 234 s`. */
export function formatMs(value: number | null | undefined): string {
  if (!isNumber(value)) return DASH
  const abs = Math.abs(value)
  if (abs >= 1000) return `${significantDigits(value / 1000, 3)}${SPACE}s`
  if (abs >= 10 || abs === 0) return `${fixed(value, 0)}${SPACE}ms`
  return `${significantDigits(value, 2)}${SPACE}ms`
}

/** A plain measure (a score, tokens per call) to 3 significant digits: `0.873`, `412`, `1 234`. */
export function formatNumber(value: number | null | undefined, significant = 3): string {
  if (!isNumber(value)) return DASH
  return Math.abs(value) >= 100
    ? fixed(Math.round(value), 0)
    : significantDigits(value, significant)
}

/** What a chart's axis measures; decides its tick labels, legend values and range. */
export type Unit = 'count' | 'number' | 'ms' | 'usd' | 'rate'

/** One value of `unit`, as the tables show it. */
export function formatValue(unit: Unit, value: number | null | undefined): string {
  switch (unit) {
    case 'count':
      return formatInt(value)
    case 'ms':
      return formatMs(value)
    case 'usd':
      return formatUsd(value)
    case 'rate':
      return formatPercent(value)
    default:
      return formatNumber(value)
  }
}

/**
 * An interval `low – high`. Money and plain measures write both ends with the same decimals
 * (enough for two or three significant digits of the smaller end), one more than usual where the usual would print both ends the same (`$0.000207 – $0.000210`,
 * not `$0.00021 – $0.00021`); rates and durations as `formatPercent` and `formatMs` do.
 * @example formatInterval('usd', -0.00657, 0.0123) // '−$0.0066 – $0.0123'
 */
export function formatInterval(unit: Unit, low: number, high: number): string {
  if (!isNumber(low) || !isNumber(high)) return `${DASH} – ${DASH}`
  const largest = Math.max(Math.abs(low), Math.abs(high))
  if ((unit === 'usd' && largest < 100) || unit === 'number') {
    const money = unit === 'usd'
    const one = (v: number, d: number) =>
      money ? `${v < 0 ? MINUS : ''}$${fixed(Math.abs(v), d)}` : fixed(v, d)
    const sig = money ? 2 : 3
    // Both ends get the decimals the smaller needs (`−$0.0066 – $0.0123`), within reason.
    const smallest = Math.min(...[low, high].map(Math.abs).filter((v) => v > 0), largest)
    let d =
      largest >= 100
        ? 0
        : money && largest >= 1
          ? 2
          : Math.min(decimalsFor(smallest, sig), decimalsFor(largest, sig) + 2)
    while (one(low, d) === one(high, d) && low !== high && d < 12) d++
    return `${one(low, d)} – ${one(high, d)}`
  }
  let [a, b] = [formatValue(unit, low), formatValue(unit, high)]
  for (let extra = 1; unit === 'rate' && a === b && low !== high && extra <= 3; extra++) {
    ;[a, b] = [formatPercent(low, 1 + extra), formatPercent(high, 1 + extra)]
  }
  return `${a} – ${b}`
}

/** Decimals needed to write every multiple of `step` exactly (`0.25` → 2, `5e-5` → 5). */
function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0
  for (let d = 0; d < 12; d++) {
    const scaled = step * 10 ** d
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * scaled) return d
  }
  return 12
}

/**
 * Labels for axis ticks `values` that are `step` apart: every label has the decimals the step
 * needs and no more, so neighbouring ticks never read the same (`0.5 ms`, `1.0 ms`, `1.5 ms`
 * rather than `1 ms` twice), and one axis uses one unit (`0.50 s`, `1.00 s`, not `500 ms`,
 * `1.00 s`).
 * @example formatTicks('usd', [-0.01, 0, 0.01], 0.01) // ['−$0.01', '$0.00', '$0.01']
 */
export function formatTicks(unit: Unit, values: number[], step: number): string[] {
  switch (unit) {
    case 'count':
      return values.map((v) => fixed(v, stepDecimals(step)))
    case 'ms': {
      const seconds = values.some((v) => Math.abs(v) >= 1000)
      const d = stepDecimals(seconds ? step / 1000 : step)
      return values.map((v) =>
        seconds ? `${fixed(v / 1000, d)}${SPACE}s` : `${fixed(v, d)}${SPACE}ms`,
      )
    }
    case 'usd': {
      const d = stepDecimals(step)
      return values.map((v) => (v < 0 ? `${MINUS}$${fixed(-v, d)}` : `$${fixed(v, d)}`))
    }
    case 'rate': {
      const d = stepDecimals(step * 100)
      return values.map((v) => `${fixed(v * 100, d)}${SPACE}%`)
    }
    default: {
      const d = stepDecimals(step)
      return values.map((v) => fixed(v, d))
    }
  }
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' })
const DAY_S = 86_400

/**
 * Labels for time-axis ticks (seconds since the epoch, `step` seconds apart) in the viewer's
 * time zone: `14:00` within a day, with the date under the first tick and under each new day;
 * `12 Mar` for ticks a day or more apart.
 * @example formatTimeTicks([t0, t0 + 7200], 7200) // ['22:00\n3 Dec', '00:00\n4 Dec']
 */
export function formatTimeTicks(values: number[], step: number): string[] {
  let previousDay = ''
  return values.map((t) => {
    const date = new Date(t * 1000)
    const day = dayMonth.format(date)
    if (step >= DAY_S) return day
    const label = day !== previousDay ? `${clock.format(date)}\n${day}` : clock.format(date)
    previousDay = day
    return label
  })
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** `12 Mar 2026, 14:05` in the viewer's time zone (an ISO string or a `Date`). */
export function formatDateTime(at: string | Date | null | undefined): string {
  if (!at) return DASH
  const date = typeof at === 'string' ? new Date(at) : at
  return Number.isNaN(date.getTime()) ? String(at) : dateTime.format(date)
}

/** `3 min ago`, `2 h ago`, `5 days ago`. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return DASH
  const ms = now - new Date(iso).getTime()
  if (!Number.isFinite(ms)) return iso
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)}${SPACE}min ago`
  if (s < 86_400) return `${Math.round(s / 3600)}${SPACE}h ago`
  const days = Math.round(s / 86_400)
  return `${days}${SPACE}day${days === 1 ? '' : 's'} ago`
}
