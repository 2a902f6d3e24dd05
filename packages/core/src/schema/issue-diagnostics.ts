/**
 * Turns zod issues into `file:line:col` diagnostics through the position tree.
 * @module
 */
import type { z } from 'zod'
import type { Diagnostic } from '../diagnostics'
import type { PathSegment, PositionTree } from '../yaml/position-tree'
import { KNOWN_KEYS } from './prompt-file-schema'
import { suggest } from './suggest'

/** `messages[1].role` from `['messages', 1, 'role']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += out ? `.${String(seg)}` : String(seg)
  }
  return out
}

function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  for (const [pattern, keys] of KNOWN_KEYS) {
    const parts = pattern === '' ? [] : pattern.split('.')
    if (parts.length !== path.length) continue
    const match = parts.every((p, i) => {
      const seg = path[i]
      if (p === '#') return typeof seg === 'number'
      if (p === '*') return typeof seg === 'string'
      return seg === p
    })
    if (match) return keys
  }
  return []
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  if (typeof v === 'string')
    return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`
  return `${typeof v} ${String(v)}`
}

function messageOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) {
        return issue.message.startsWith('is required') ? issue.message : 'is required'
      }
      // Our schemas word their own type errors; zod's default starts with "Invalid input".
      if (!issue.message.startsWith('Invalid input'))
        return `${issue.message}, got ${describe(issue.input)}`
      const expected = issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`
      return `must be ${expected}, got ${describe(issue.input)}`
    }
    case 'too_small':
    case 'too_big': {
      if (!issue.message.startsWith('Too ')) return issue.message
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum
      const op =
        issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<'
      if (issue.origin === 'string') return `must be ${op} ${String(bound)} characters long`
      if (issue.origin === 'array') return `must have ${op} ${String(bound)} items`
      return `must be ${op} ${String(bound)}`
    }
    case 'invalid_union': {
      if (issue.message !== 'Invalid input') return issue.message
      return `has an unexpected shape (${describe(issue.input)})`
    }
    default:
      return issue.message
  }
}

/**
 * Maps zod issues to diagnostics: unknown keys point at the key (with a "did you mean"),
 * missing fields at their parent, everything else at the offending value.
 */
export function issuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  positions: PositionTree | undefined,
): Diagnostic[] {
  const out: Diagnostic[] = []
  const at = (path: readonly PropertyKey[], which: 'key' | 'value' | 'parent') => {
    if (!positions) return { line: 1, col: 1 }
    const found = positions.locate(path as PathSegment[])
    // A missing field is reported at its parent's key: that is where it should be added.
    return which === 'key' || (which === 'parent' && !found.exact) ? found.key : found.value
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(issue.path)
      for (const key of issue.keys) {
        const pos = at([...issue.path, key], 'key')
        const hint = suggest(key, known)
        const where = issue.path.length ? ` in ${formatPath(issue.path)}` : ''
        out.push({
          file,
          line: pos.line,
          col: pos.col,
          severity: 'error',
          code: 'unknown-key',
          message:
            key === '[object Object]'
              ? `unknown key${where}: a mapping or list used as a key`
              : `unknown key \`${key}\`${where}${hint ? ` (did you mean \`${hint}\`?)` : ''}`,
        })
      }
      continue
    }
    const params = (issue as { params?: { at?: string } }).params
    const missing = issue.code === 'invalid_type' && issue.input === undefined
    const pos = at(issue.path, params?.at === 'key' ? 'key' : missing ? 'parent' : 'value')
    const field = formatPath(issue.path)
    const message = messageOf(issue)
    out.push({
      file,
      line: pos.line,
      col: pos.col,
      severity: 'error',
      code: issue.path.length === 0 ? 'invalid-document' : 'invalid-field',
      message: field ? `${field}: ${message}` : message,
    })
  }
  return out
}
