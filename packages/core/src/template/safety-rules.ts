/**
 * What a template may touch. Templates from the registry run inside apps, and nunjucks
 * does not sandbox by itself, so everything here is an allow-list (SPEC §1).
 * @module
 */

/** Property names that lead from any value to `Function` or to shared prototypes. */
export const FORBIDDEN_KEYS: ReadonlyMap<string, string> = new Map([
  ['constructor', 'it can reach the Function constructor'],
  ['__proto__', 'it can reach and modify shared prototypes'],
  ['prototype', 'it can reach and modify shared prototypes'],
])

/** Message for a forbidden key, e.g. "access to `constructor` is not allowed in templates (…)". */
export function forbiddenKeyMessage(key: string): string {
  return `access to \`${key}\` is not allowed in templates (${FORBIDDEN_KEYS.get(key)})`
}

/** Returns the forbidden segment of a key or dotted attribute path (`a.constructor`), if any. */
export function forbiddenSegment(path: string): string | undefined {
  if (FORBIDDEN_KEYS.has(path)) return path
  return path.split('.').find((part) => FORBIDDEN_KEYS.has(part))
}

/** Globals a template may call. */
export const CALLABLE_GLOBALS: ReadonlySet<string> = new Set(['range', 'cycler', 'joiner'])

/** Methods of a `cycler(...)` object a template may call. */
export const CYCLER_METHODS: ReadonlySet<string> = new Set(['next', 'reset'])

/** nunjucks builtin filters left out, with the reason shown to the author. */
export const EXCLUDED_FILTERS: ReadonlyMap<string, string> = new Map([
  [
    'random',
    'rendered prompts must be deterministic: digests, eval caches and A/B comparisons rely on it',
  ],
])
