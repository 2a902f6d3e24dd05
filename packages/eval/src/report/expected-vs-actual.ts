/**
 * The diff of what a case expected against what the model answered, for failure reports:
 * a word diff for one-line answers (labels, short phrases), a line diff otherwise, and for
 * JSON expectations only the keys the case expects, pretty-printed on both sides.
 * @module
 */
import { diffLines, diffWords } from 'diff'
import { extractJson } from '../assertions/extract-json'
import type { CaseRun } from '../runner/types'

/** One part of a changed line: `changed` parts are what differs. */
export interface WordPart {
  text: string
  changed: boolean
}

export type DiffLine =
  | { kind: 'same'; text: string }
  | { kind: 'removed' | 'added'; text: string; parts?: WordPart[] }
  /** Unchanged lines left out. */
  | { kind: 'gap'; count: number }

export interface ExpectedActual {
  /** `expected` or `expected_json` (the field the diff shows). */
  field: 'expected' | 'expected_json'
  lines: DiffLine[]
}

const MISSING = '(missing)'
const MAX_LINES = 30
const CONTEXT = 1

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The parts of `value` that `shape` has an opinion on: keys the case does not mention are noise. */
function project(value: unknown, shape: unknown): unknown {
  if (!isPlainObject(shape) || !isPlainObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(shape)) {
    out[key] = Object.hasOwn(value, key) ? project(value[key], shape[key]) : MISSING
  }
  return out
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2) ?? String(v)

function wordLines(expected: string, actual: string): DiffLine[] {
  const removed: WordPart[] = []
  const added: WordPart[] = []
  for (const part of diffWords(expected, actual)) {
    if (!part.added) removed.push({ text: part.value, changed: part.removed === true })
    if (!part.removed) added.push({ text: part.value, changed: part.added === true })
  }
  return [
    { kind: 'removed', text: expected, parts: removed },
    { kind: 'added', text: actual, parts: added },
  ]
}

function lineDiff(expected: string, actual: string): DiffLine[] {
  const all: DiffLine[] = []
  for (const part of diffLines(expected, actual)) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same'
    const lines = part.value.replace(/\n$/, '').split('\n')
    for (const text of lines) all.push({ kind, text } as DiffLine)
  }
  // Keep changes and CONTEXT unchanged lines around them; collapse the rest.
  const keep = all.map((l) => l.kind !== 'same')
  all.forEach((l, i) => {
    if (l.kind === 'same') return
    for (let d = -CONTEXT; d <= CONTEXT; d++) if (all[i + d]) keep[i + d] = true
  })
  // A gap replaces two or more unchanged lines; a single one is shown as is.
  const out: DiffLine[] = []
  let run: DiffLine[] = []
  const flush = () => {
    if (run.length >= 2) out.push({ kind: 'gap', count: run.length })
    else out.push(...run)
    run = []
  }
  all.forEach((l, i) => {
    if (keep[i]) {
      flush()
      out.push(l)
    } else run.push(l)
  })
  flush()
  if (out.length > MAX_LINES) {
    const rest = out.length - MAX_LINES
    return [...out.slice(0, MAX_LINES), { kind: 'gap', count: rest }]
  }
  return out
}

/**
 * The diff for a failed case, or `undefined` when the case has no expectation to compare with
 * or the answer equals it (the failure was about something else: a regex, a schema, a refusal).
 * @example expectedVsActual(caseRun, 'technical') // { field: 'expected', lines: [removed 'billing', added 'technical'] }
 */
export function expectedVsActual(c: CaseRun, output: string): ExpectedActual | undefined {
  let field: ExpectedActual['field']
  let expected: string
  let actual: string
  if (c.expectedJson !== undefined) {
    field = 'expected_json'
    expected = pretty(c.expectedJson)
    const parsed = extractJson(output)
    actual = parsed.ok ? pretty(project(parsed.value, c.expectedJson)) : output.trim()
  } else if (c.expected !== undefined) {
    field = 'expected'
    expected = c.expected.trim()
    actual = output.trim()
  } else {
    return undefined
  }
  if (expected === actual) return undefined
  const oneLine = !expected.includes('\n') && !actual.includes('\n')
  return { field, lines: oneLine ? wordLines(expected, actual) : lineDiff(expected, actual) }
}
