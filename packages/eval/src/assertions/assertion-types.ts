/**
 * The assertion catalog (SPEC §3): names, the `not-` forms and type-specific option keys.
 * Kept free of imports so the dataset loader can check per-case assertions without a cycle.
 * @module
 */

/** Base assertion types. Every type except `latency` and `cost` also has a `not-` form. */
export const BASE_ASSERTION_TYPES = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'starts-with',
  'regex',
  'is-json',
  'contains-json',
  'json-schema',
  'json-path',
  'levenshtein',
  'word-count',
  'latency',
  'cost',
  'refusal',
  'similar',
  'llm-rubric',
] as const

export type BaseAssertionType = (typeof BASE_ASSERTION_TYPES)[number]

/** Other spellings users bring from promptfoo. */
export const ASSERTION_ALIASES: Readonly<Record<string, BaseAssertionType>> = {
  'is-refusal': 'refusal',
}

const NOT_NEGATABLE: ReadonlySet<BaseAssertionType> = new Set(['latency', 'cost'])

/** Keys every assertion accepts. */
export const COMMON_ASSERTION_KEYS = ['type', 'value', 'weight', 'threshold', 'metric'] as const

/** Extra keys a type accepts (`provider` overrides the judge or embeddings provider). */
export const ASSERTION_OPTION_KEYS: Readonly<Record<BaseAssertionType, readonly string[]>> = {
  equals: [],
  contains: [],
  icontains: [],
  'contains-any': [],
  'contains-all': [],
  'icontains-any': [],
  'icontains-all': [],
  'starts-with': [],
  regex: ['flags'],
  'is-json': [],
  'contains-json': [],
  'json-schema': [],
  'json-path': ['path'],
  levenshtein: [],
  'word-count': ['min', 'max'],
  latency: [],
  cost: [],
  refusal: [],
  similar: ['provider'],
  'llm-rubric': ['provider'],
}

/** A parsed assertion type: its base type and whether it is the `not-` form. */
export interface ParsedAssertionType {
  base: BaseAssertionType
  negated: boolean
}

/**
 * Splits `not-contains` into `{ base: 'contains', negated: true }`; `undefined` if unknown.
 * @example parseAssertionType('not-regex') // { base: 'regex', negated: true }
 */
export function parseAssertionType(type: unknown): ParsedAssertionType | undefined {
  if (typeof type !== 'string') return undefined
  const negated = type.startsWith('not-')
  const name = negated ? type.slice(4) : type
  const base =
    ASSERTION_ALIASES[name] ?? (BASE_ASSERTION_TYPES as readonly string[]).find((t) => t === name)
  if (base === undefined) return undefined
  const typed = base as BaseAssertionType
  if (negated && NOT_NEGATABLE.has(typed)) return undefined
  return { base: typed, negated }
}

/** Every accepted type name, `not-` forms and aliases included (for "did you mean"). */
export function allAssertionTypeNames(): string[] {
  const names: string[] = []
  for (const base of BASE_ASSERTION_TYPES) {
    names.push(base)
    if (!NOT_NEGATABLE.has(base)) names.push(`not-${base}`)
  }
  for (const alias of Object.keys(ASSERTION_ALIASES)) names.push(alias, `not-${alias}`)
  return names
}
