/**
 * Python's `textwrap.TextWrapper(width, break_long_words, break_on_hyphens).wrap()`, which
 * Jinja2's `wordwrap` uses for each paragraph.
 * @module
 */

/**
 * The lines of one paragraph wrapped at `width`.
 * @example textWrap('a b c', 3, true, true) // ['a b', 'c']
 */
export function textWrap(s: string, width: number, breakLong: boolean, hyphens: boolean): string[] {
  // Jinja2 wraps with expand_tabs=False and replace_whitespace=False; textwrap's whitespace
  // is ASCII only.
  const chunks = hyphens
    ? s.split(/([\t\n\v\f\r ]+|(?<=[^\t\n\v\f\r \d-][a-zA-Z]*-+)(?=[a-zA-Z]))/).filter((c) => c)
    : s.split(/([\t\n\v\f\r ]+)/).filter((c) => c)
  chunks.reverse()
  const lines: string[] = []
  while (chunks.length > 0) {
    const cur: string[] = []
    let curLen = 0
    if (lines.length > 0 && (chunks[chunks.length - 1] as string).trim() === '') chunks.pop()
    while (chunks.length > 0) {
      const l = (chunks[chunks.length - 1] as string).length
      if (curLen + l <= width) {
        cur.push(chunks.pop() as string)
        curLen += l
      } else break
    }
    if (chunks.length > 0 && (chunks[chunks.length - 1] as string).length > width) {
      const space = width < 1 ? 1 : width - curLen
      if (breakLong) {
        const last = chunks.pop() as string
        cur.push(last.slice(0, space))
        chunks.push(last.slice(space))
      } else if (cur.length === 0) cur.push(chunks.pop() as string)
    }
    if (cur.length > 0 && (cur[cur.length - 1] as string).trim() === '') cur.pop()
    if (cur.length > 0) lines.push(cur.join(''))
  }
  return lines
}
