/**
 * A prompt definition as YAML-like text, in the order people write it, with templates as
 * literal blocks: the form in which a line diff between two versions is readable.
 * @module
 */

const ORDER = [
  'name',
  'version',
  'description',
  'tags',
  'owners',
  'inputs',
  'model',
  'template',
  'messages',
  'output',
  'budget',
  'evaluation',
]

/** `definition` → lines of text (stable across versions, so unchanged parts diff as equal). */
export function definitionText(definition: Record<string, unknown>): string {
  const keys = [
    ...ORDER.filter((k) => k in definition),
    ...Object.keys(definition)
      .filter((k) => !ORDER.includes(k))
      .sort(),
  ]
  const lines: string[] = []
  for (const key of keys) emit(lines, key, definition[key], '')
  return `${lines.join('\n')}\n`
}

const PLAIN = /^[A-Za-z0-9_./@+-][A-Za-z0-9_ ./@+,:()-]*$/

function scalar(value: unknown): string {
  if (typeof value === 'string') {
    return PLAIN.test(value) && !/:\s|\s$/.test(value) ? value : JSON.stringify(value)
  }
  if (value === null || value === undefined) return 'null'
  return String(value)
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object'
}

function emit(lines: string[], key: string, value: unknown, indent: string): void {
  const head = `${indent}${key}:`
  if (typeof value === 'string' && value.includes('\n')) {
    lines.push(`${head} |`)
    for (const line of value.replace(/\n$/, '').split('\n')) {
      lines.push(line === '' ? '' : `${indent}  ${line}`)
    }
  } else if (Array.isArray(value)) {
    if (value.length === 0) lines.push(`${head} []`)
    else if (value.every(isScalar) && value.join(', ').length <= 80) {
      lines.push(`${head} [${value.map(scalar).join(', ')}]`)
    } else {
      lines.push(head)
      for (const item of value) emitItem(lines, item, `${indent}  `)
    }
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    if (entries.length === 0) lines.push(`${head} {}`)
    else {
      lines.push(head)
      for (const [k, v] of entries) emit(lines, k, v, `${indent}  `)
    }
  } else {
    lines.push(`${head} ${scalar(value)}`)
  }
}

function emitItem(lines: string[], item: unknown, indent: string): void {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const entries = Object.entries(item as Record<string, unknown>)
    entries.forEach(([k, v], i) => {
      const start = lines.length
      emit(lines, k, v, `${indent}  `)
      // The first key of a list item sits on the dash line: `- role: system`.
      if (i === 0) lines[start] = `${indent}- ${(lines[start] ?? '').trimStart()}`
    })
    if (entries.length === 0) lines.push(`${indent}- {}`)
  } else if (Array.isArray(item)) {
    lines.push(`${indent}- ${JSON.stringify(item)}`)
  } else if (typeof item === 'string' && item.includes('\n')) {
    lines.push(`${indent}- |`)
    for (const line of item.split('\n')) lines.push(`${indent}    ${line}`)
  } else {
    lines.push(`${indent}- ${scalar(item)}`)
  }
}
