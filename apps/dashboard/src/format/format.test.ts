import { describe, expect, it } from 'vitest'
import {
  formatAgo,
  formatInt,
  formatInterval,
  formatMs,
  formatNumber,
  formatPercent,
  formatTicks,
  formatTimeTicks,
  formatUsd,
} from './format'

describe('formatUsd', () => {
  it('puts the sign before the currency, with two significant digits below a dollar', () => {
    expect(formatUsd(-0.00657)).toBe('−$0.0066')
    expect(formatUsd(0.00657)).toBe('$0.0066')
    expect(formatUsd(-1.5)).toBe('−$1.50')
    expect(formatUsd(-1234.4)).toBe('−$1 234')
  })

  it('keeps tiny per-call costs apart and large sums whole', () => {
    expect(formatUsd(0.000208)).toBe('$0.00021')
    expect(formatUsd(0.000158)).toBe('$0.00016')
    expect(formatUsd(0.0000004)).toBe('$0.0000004')
    expect(formatUsd(0.1)).toBe('$0.1')
    expect(formatUsd(1.37)).toBe('$1.37')
    expect(formatUsd(12_345.6)).toBe('$12 346')
    expect(formatUsd(0)).toBe('$0')
    expect(formatUsd(null)).toBe('—')
    expect(formatUsd(Number.NaN)).toBe('—')
  })
})

describe('formatPercent', () => {
  it('reads 0 and 100 % plainly', () => {
    expect(formatPercent(0)).toBe('0 %')
    expect(formatPercent(1)).toBe('100 %')
  })

  it('never rounds a non-zero rate to 0 % or a rate below 1 to 100 %', () => {
    expect(formatPercent(0.0000001)).toBe('<0.01 %')
    expect(formatPercent(0.99999)).toBe('>99.9 %')
    expect(formatPercent(0.0046)).toBe('0.46 %')
    expect(formatPercent(0.00998)).toBe('1.0 %')
    expect(formatPercent(0.0312)).toBe('3.1 %')
    expect(formatPercent(0.75, 0)).toBe('75 %')
    expect(formatPercent(-0.05)).toBe('−5.0 %')
    expect(formatPercent(undefined)).toBe('—')
  })
})

describe('formatInt, formatNumber, formatMs', () => {
  it('groups large counts with a space, as the registry’s verdicts do', () => {
    expect(formatInt(4210)).toBe('4 210')
    expect(formatInt(1_234_567)).toBe('1 234 567')
    expect(formatInt(0)).toBe('0')
    expect(formatInt(-3)).toBe('−3')
  })

  it('gives plain measures three significant digits', () => {
    expect(formatNumber(0.8734)).toBe('0.873')
    expect(formatNumber(0.00012345)).toBe('0.000123')
    expect(formatNumber(948.4)).toBe('948')
    expect(formatNumber(12_345)).toBe('12 345')
    expect(formatNumber(-0.5)).toBe('−0.5')
  })

  it('writes durations in ms below a second and in seconds above', () => {
    expect(formatMs(0.4)).toBe('0.4 ms')
    expect(formatMs(1.25)).toBe('1.3 ms')
    expect(formatMs(843.2)).toBe('843 ms')
    expect(formatMs(1270)).toBe('1.27 s')
    expect(formatMs(12_700)).toBe('12.7 s')
    expect(formatMs(0)).toBe('0 ms')
  })

  it('says how long ago in words', () => {
    const now = Date.parse('2026-03-12T12:00:00Z')
    expect(formatAgo('2026-03-12T11:59:30Z', now)).toBe('just now')
    expect(formatAgo('2026-03-12T09:00:00Z', now)).toBe('3 h ago')
    expect(formatAgo('2026-03-11T12:00:00Z', now)).toBe('1 day ago')
  })
})

describe('formatInterval', () => {
  it('writes intervals sign first, adding digits only where both ends would read the same', () => {
    expect(formatInterval('usd', -0.00657, 0.0123)).toBe('−$0.0066 – $0.0123')
    expect(formatInterval('usd', 0.000207, 0.000211)).toBe('$0.000207 – $0.000211')
    expect(formatInterval('usd', 0.000207, 0.00021)).toBe('$0.000207 – $0.000210')
    expect(formatInterval('usd', 0.5, 2.5)).toBe('$0.50 – $2.50')
    expect(formatInterval('rate', 0.7712, 0.7714)).toBe('77.12 % – 77.14 %')
    expect(formatInterval('number', 0.8661, 0.8662)).toBe('0.8661 – 0.8662')
    expect(formatInterval('number', 0.866, 0.883)).toBe('0.866 – 0.883')
    expect(formatInterval('rate', 0, 0.05)).toBe('0 % – 5.0 %')
  })
})

describe('formatTicks', () => {
  const distinct = (labels: string[]) => new Set(labels).size === labels.length

  it('gives latency ticks the decimals of their step, so no two read the same', () => {
    const labels = formatTicks('ms', [0, 0.5, 1, 1.5, 2], 0.5)
    expect(labels).toEqual(['0.0 ms', '0.5 ms', '1.0 ms', '1.5 ms', '2.0 ms'])
    expect(distinct(labels)).toBe(true)
  })

  it('uses one unit per latency axis', () => {
    expect(formatTicks('ms', [0, 500, 1000, 1500], 500)).toEqual([
      '0.0 s',
      '0.5 s',
      '1.0 s',
      '1.5 s',
    ])
    expect(formatTicks('ms', [0, 200, 400], 200)).toEqual(['0 ms', '200 ms', '400 ms'])
  })

  it('writes money ticks sign first, as many decimals as the step needs', () => {
    expect(formatTicks('usd', [-0.0001, 0, 0.0001, 0.0002], 0.0001)).toEqual([
      '−$0.0001',
      '$0.0000',
      '$0.0001',
      '$0.0002',
    ])
    expect(formatTicks('usd', [0, 0.00005, 0.0001], 0.00005)).toEqual([
      '$0.00000',
      '$0.00005',
      '$0.00010',
    ])
  })

  it('writes rate ticks as percentages of the step’s precision', () => {
    expect(formatTicks('rate', [0, 0.25, 0.5, 0.75, 1], 0.25)).toEqual([
      '0 %',
      '25 %',
      '50 %',
      '75 %',
      '100 %',
    ])
    expect(formatTicks('rate', [0, 0.005, 0.01], 0.005)).toEqual(['0.0 %', '0.5 %', '1.0 %'])
  })

  it('groups large counts', () => {
    expect(formatTicks('count', [0, 5000, 10_000], 5000)).toEqual(['0', '5 000', '10 000'])
  })
})

describe('formatTimeTicks', () => {
  const at = (d: number, h: number) => new Date(2026, 2, d, h).getTime() / 1000

  it('shows clock times, with the date under the first tick and each new day', () => {
    const ticks = [at(11, 20), at(11, 22), at(12, 0), at(12, 2)]
    expect(formatTimeTicks(ticks, 7200)).toEqual([
      '20:00\n11 Mar',
      '22:00',
      '00:00\n12 Mar',
      '02:00',
    ])
  })

  it('shows dates alone for ticks a day or more apart', () => {
    expect(formatTimeTicks([at(11, 0), at(12, 0)], 86_400)).toEqual(['11 Mar', '12 Mar'])
  })
})
