import {
  CanonError,
  describeTextPath,
  findUnsafeText,
  LABEL_NAME_PATTERN,
  PROMPT_NAME_PATTERN,
} from '@canon/core'

/** The reserved, computed label that always points at the highest non-retired version. */
export const LATEST = 'latest'

export function assertPromptName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !PROMPT_NAME_PATTERN.test(name)) {
    throw new CanonError(
      'BAD_REQUEST',
      `invalid prompt name ${JSON.stringify(name)}: expected ${PROMPT_NAME_PATTERN.source}`,
    )
  }
}

export function assertVersion(version: unknown): asserts version is number {
  if (
    typeof version !== 'number' ||
    !Number.isInteger(version) ||
    version < 1 ||
    version > 2_147_483_647
  ) {
    throw new CanonError(
      'BAD_REQUEST',
      `invalid version ${JSON.stringify(version)}: expected an integer ≥ 1`,
    )
  }
}

export function assertLabelName(label: unknown): asserts label is string {
  if (typeof label !== 'string' || !LABEL_NAME_PATTERN.test(label)) {
    throw new CanonError(
      'BAD_REQUEST',
      `invalid label ${JSON.stringify(label)}: expected ${LABEL_NAME_PATTERN.source}`,
    )
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Text Postgres cannot store (NUL, a lone surrogate) anywhere in `value` is BAD_REQUEST naming
 * the field, instead of a driver error in the middle of a transaction. The registry rejects it
 * at the request already; this keeps every other caller of the verbs safe too.
 * @example assertStorableText(input.evalSummary, 'evalSummary')
 */
export function assertStorableText(value: unknown, field: string): void {
  const bad = findUnsafeText(value)
  if (!bad) return
  const where = describeTextPath(field, bad.path)
  throw new CanonError(
    'BAD_REQUEST',
    `${bad.at === 'key' ? 'the key ' : ''}${where} ${bad.reason}`,
    { details: { field: where } },
  )
}
