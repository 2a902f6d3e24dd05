import type { Diagnostic } from '@canon/core'

/** One non-blank line of a JSONL file, parsed. */
export interface JsonLine {
  /** 1-based line number. */
  line: number
  text: string
  value: unknown
}

/**
 * Splits JSONL text into parsed lines. Blank lines are skipped; a line that is not JSON gets a
 * `jsonl-syntax` diagnostic at the column where parsing stopped.
 */
export function parseJsonLines(
  text: string,
  file: string,
): { lines: JsonLine[]; diagnostics: Diagnostic[] } {
  const lines: JsonLine[] = []
  const diagnostics: Diagnostic[] = []
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  rows.forEach((row, i) => {
    if (row.trim() === '') return
    try {
      lines.push({ line: i + 1, text: row, value: JSON.parse(row) })
    } catch (err) {
      const message = (err as Error).message
      const position = /at position (\d+)/.exec(message)
      const col = position ? Number(position[1]) + 1 : row.trimEnd().length + 1
      const reason = message
        .replace(/ in JSON at position \d+.*$/, '')
        .replace(/ of JSON input$/, '')
      diagnostics.push({
        file,
        line: i + 1,
        col,
        severity: 'error',
        code: 'jsonl-syntax',
        message: `invalid JSON: ${reason}${reason.endsWith('end') ? ' of line (each case must be on one line)' : ''}`,
      })
    }
  })
  return { lines, diagnostics }
}

/**
 * 1-based column of each top-level key of a one-line JSON object, so messages can point at
 * the field. Keys inside nested values are skipped.
 * @example keyColumns('{"id":"a","vars":{"id":1}}') // Map { 'id' => 2, 'vars' => 11 }
 */
export function keyColumns(text: string): Map<string, number> {
  const columns = new Map<string, number>()
  let depth = 0
  let i = 0
  while (i < text.length) {
    const ch = text[i]
    if (ch === '"') {
      const start = i
      i++
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
      const raw = text.slice(start, i + 1)
      i++
      if (depth === 1) {
        let j = i
        while (text[j] === ' ' || text[j] === '\t') j++
        if (text[j] === ':') {
          try {
            const key = JSON.parse(raw) as string
            if (!columns.has(key)) columns.set(key, start + 1)
          } catch {
            // An unparsable key means the line did not parse either; nothing to point at.
          }
        }
      }
      continue
    }
    if (ch === '{' || ch === '[') depth++
    else if (ch === '}' || ch === ']') depth--
    i++
  }
  return columns
}
