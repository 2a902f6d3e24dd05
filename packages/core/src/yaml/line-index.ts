/**
 * Offset → 1-based line:col conversion over one source text.
 * @module
 */

/** A place in a source text: 1-based `line` and `col` (UTF-16 units), 0-based `offset`. */
export interface SourcePosition {
  line: number
  col: number
  offset: number
}

/**
 * Maps string offsets to line:col with a binary search over line starts.
 * @example new LineIndex('a\nbc').at(3) // { line: 2, col: 2, offset: 3 }
 */
export class LineIndex {
  readonly text: string
  private readonly starts: number[]

  constructor(text: string) {
    this.text = text
    this.starts = [0]
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
      this.starts.push(i + 1)
  }

  /** Position of `offset` (clamped to the text). */
  at(offset: number): SourcePosition {
    const o = Math.max(0, Math.min(offset, this.text.length))
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.starts[mid] ?? 0) <= o) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, col: o - (this.starts[lo] ?? 0) + 1, offset: o }
  }

  /** Offset where 1-based `line` starts (the text's end past the last line). */
  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.text.length
  }
}
