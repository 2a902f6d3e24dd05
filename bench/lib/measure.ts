/**
 * Small helpers shared by the benchmarks in `bench/`: a timing loop, medians, alternating
 * baseline/candidate rounds, and the SPEC §7 result line.
 * @module
 */

/** Keeps results alive so the JIT cannot drop the measured work. */
let sink = 0

/** Folds a result into the sink (strings by length, numbers as is, objects by presence). */
export function consume(value: unknown): void {
  if (typeof value === 'string') sink += value.length
  else if (typeof value === 'number') sink += value
  else if (value !== undefined && value !== null) sink += 1
}

/** Returns the sink, so a benchmark can print or check it (and keep it observable). */
export function sinkValue(): number {
  return sink
}

type Loop = (fn: () => unknown, iterations: number, sink: (v: unknown) => void) => void

/**
 * One loop function per measured function: a shared loop would collect type feedback from
 * every function it ever called, go megamorphic and stop inlining, making later measurements
 * in the same process slower than earlier ones. `new Function` gives each its own feedback.
 */
const loops = new WeakMap<() => unknown, Loop>()

function loopFor(fn: () => unknown): Loop {
  let loop = loops.get(fn)
  if (!loop) {
    loop = new Function('fn', 'n', 'sink', 'for (let i = 0; i < n; i++) sink(fn())') as Loop
    loops.set(fn, loop)
  }
  return loop
}

/**
 * Runs `fn` `iterations` times and returns nanoseconds per call.
 * @example const ns = timeLoop(() => render(vars), 100_000)
 */
export function timeLoop(fn: () => unknown, iterations: number): number {
  const loop = loopFor(fn)
  const start = process.hrtime.bigint()
  loop(fn, iterations, consume)
  const elapsed = process.hrtime.bigint() - start
  return Number(elapsed) / iterations
}

/** How many iterations of `fn` take about `targetMs` (at least 1). */
export function calibrate(fn: () => unknown, targetMs = 50): number {
  let n = 1
  for (;;) {
    const ns = timeLoop(fn, n) * n
    if (ns >= (targetMs * 1e6) / 4 || n >= 1 << 30)
      return Math.max(1, Math.round((n * targetMs * 1e6) / Math.max(ns, 1)))
    n *= 4
  }
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export interface Comparison {
  /** Median ns/call of the baseline over all rounds. */
  baseline: number
  /** Median ns/call of the candidate over all rounds. */
  candidate: number
  /** candidate / baseline. */
  ratio: number
  baselineRounds: number[]
  candidateRounds: number[]
}

/**
 * Warms both functions up, then runs `rounds` rounds alternating baseline and candidate
 * (so drift in machine load hits both), each round timing the same iteration count.
 * Returns the median ns/call of each.
 * @example const { candidate, ratio } = compareAlternating(() => bare(ctx), () => ours(vars))
 */
export function compareAlternating(
  baseline: () => unknown,
  candidate: () => unknown,
  opts: { rounds?: number; roundMs?: number; warmupMs?: number } = {},
): Comparison {
  const rounds = opts.rounds ?? 15
  const warmupMs = opts.warmupMs ?? 300
  timeLoop(baseline, calibrate(baseline, warmupMs / 2))
  timeLoop(candidate, calibrate(candidate, warmupMs / 2))
  const iterations = Math.min(
    calibrate(baseline, opts.roundMs ?? 50),
    calibrate(candidate, opts.roundMs ?? 50),
  )
  const baselineRounds: number[] = []
  const candidateRounds: number[] = []
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always runs on a freshly warmed cache.
    if (r % 2 === 0) {
      baselineRounds.push(timeLoop(baseline, iterations))
      candidateRounds.push(timeLoop(candidate, iterations))
    } else {
      candidateRounds.push(timeLoop(candidate, iterations))
      baselineRounds.push(timeLoop(baseline, iterations))
    }
  }
  const b = median(baselineRounds)
  const c = median(candidateRounds)
  return { baseline: b, candidate: c, ratio: c / b, baselineRounds, candidateRounds }
}

function format(value: number): string {
  if (Number.isInteger(value)) return String(value)
  if (Math.abs(value) >= 100) return String(Math.round(value))
  return String(Number(value.toPrecision(3)))
}

/**
 * Prints one SPEC §7 line and returns whether the target is met:
 * `bench <id>: <value> <unit> (target <op> <target> <targetUnit>) PASS|MISS`.
 * @example report('render', 812, 'ns/call', '<=', 2000, 'ns')
 * // bench render: 812 ns/call (target <= 2000 ns) PASS
 */
export function report(
  id: string,
  value: number,
  unit: string,
  op: '<=' | '>=',
  target: number,
  targetUnit: string = unit,
): boolean {
  const pass = op === '<=' ? value <= target : value >= target
  process.stdout.write(
    `bench ${id}: ${format(value)} ${unit} (target ${op} ${format(target)} ${targetUnit}) ${pass ? 'PASS' : 'MISS'}\n`,
  )
  return pass
}
