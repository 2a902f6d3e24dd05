/**
 * Number formatting shared by the reports.
 * @module
 */

const MINUS = '\u2212'

/** A count with thousands separators: 12345 → `12,345`. */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

/** USD with enough digits to see small amounts: `$0.0042`, `$1.25`; `n/a` when unknown. */
export function usd(value: number | undefined): string {
  if (value === undefined) return 'n/a'
  if (value === 0) return '$0'
  return value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`
}

/** Milliseconds, or seconds past 10 s: `84 ms`, `12.3 s`. */
export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`
}

/** A 0..1 fraction as a percentage: 0.925 → `92.5%`. */
export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`
}

/** A 0..1 score with two decimals. */
export function score(value: number): string {
  return value.toFixed(2)
}

/** A signed difference of fractions in points: −0.053 → `−5.3 pts`. */
export function points(fraction: number): string {
  const p = Math.round(fraction * 1000) / 10
  if (p === 0) return '0.0 pts'
  return `${p > 0 ? '+' : MINUS}${Math.abs(p).toFixed(1)} pts`
}

/** A signed difference of scores: −0.053 → `−0.05`. */
export function signed(value: number, digits = 2): string {
  const text = Math.abs(value).toFixed(digits)
  if (Number(text) === 0) return (0).toFixed(digits)
  return `${value > 0 ? '+' : MINUS}${text}`
}

/** A p-value with its relation: `p = 0.021`, `p < 0.001`. */
export function pValue(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${Number(p.toPrecision(2))}`
}

/** `1 case`, `3 cases`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`
}

/** Cuts a one-line text to `max` characters with an ellipsis; newlines shown as `⏎`. */
export function oneLine(text: string, max = 120): string {
  const flat = printable(text.replace(/\r?\n/g, ' ⏎ '))
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/**
 * Control characters made visible (␇, ␛, …): model output must not be able to move the cursor,
 * recolour or clear a terminal, nor hide text in a PR comment. Tabs and newlines stay.
 * @example printable('ok\u001b[2J') // 'ok␛[2J'
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, (ch) =>
    ch === '\u007F' ? '\u2421' : String.fromCharCode(0x2400 + ch.charCodeAt(0)),
  )
}
