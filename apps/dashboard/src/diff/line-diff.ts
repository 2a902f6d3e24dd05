import { diffLines } from 'diff'

/** One line of a diff, with its number on each side (absent on the side it isn't on). */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed'
  text: string
  oldNo?: number
  newNo?: number
}

/** A run of lines to show, or a fold of unchanged lines. */
export type DiffBlock = { kind: 'lines'; lines: DiffLine[] } | { kind: 'fold'; lines: DiffLine[] }

export interface LineDiff {
  blocks: DiffBlock[]
  added: number
  removed: number
}

/**
 * Line diff of two texts (`diff`'s Myers diff), with unchanged runs longer than
 * `2 × context + 2` lines folded, keeping `context` lines around each change.
 */
export function lineDiff(before: string, after: string, context = 3): LineDiff {
  const lines: DiffLine[] = []
  let oldNo = 1
  let newNo = 1
  let added = 0
  let removed = 0
  for (const part of diffLines(before, after)) {
    const texts = part.value.replace(/\n$/, '').split('\n')
    for (const text of texts) {
      if (part.added) {
        lines.push({ kind: 'added', text, newNo: newNo++ })
        added++
      } else if (part.removed) {
        lines.push({ kind: 'removed', text, oldNo: oldNo++ })
        removed++
      } else {
        lines.push({ kind: 'same', text, oldNo: oldNo++, newNo: newNo++ })
      }
    }
  }
  return { blocks: fold(lines, context), added, removed }
}

function fold(lines: DiffLine[], context: number): DiffBlock[] {
  const blocks: DiffBlock[] = []
  let shown: DiffLine[] = []
  let i = 0
  while (i < lines.length) {
    if (lines[i]?.kind !== 'same') {
      shown.push(lines[i] as DiffLine)
      i++
      continue
    }
    let j = i
    while (j < lines.length && lines[j]?.kind === 'same') j++
    const run = lines.slice(i, j)
    const lead = i === 0 ? 0 : context
    const tail = j === lines.length ? 0 : context
    if (run.length > lead + tail + 2) {
      shown.push(...run.slice(0, lead))
      if (shown.length) blocks.push({ kind: 'lines', lines: shown })
      blocks.push({ kind: 'fold', lines: run.slice(lead, run.length - tail) })
      shown = run.slice(run.length - tail)
    } else {
      shown.push(...run)
    }
    i = j
  }
  if (shown.length) blocks.push({ kind: 'lines', lines: shown })
  return blocks
}
