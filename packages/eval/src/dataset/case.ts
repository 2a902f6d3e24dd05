import type { AssertionSpec } from '@canon/core'

/**
 * One golden dataset case (a JSONL line), as `loadDataset` returns it.
 * Expectation fields feed assertions that have no `value` of their own.
 */
export interface Case {
  id: string
  /** Template variables. `{}` when the line has none. */
  vars: Record<string, unknown>
  /** Reference answer: `equals`, `levenshtein` and `similar` compare against it. */
  expected?: string
  /** Reference JSON: `json-path` reads the same path from it; `equals` deep-compares it. */
  expected_json?: unknown
  /** Text the output must contain (`contains`, `icontains`); a list means all of them. */
  expected_substr?: string | string[]
  /** True: the model must decline; false: it must answer. Drives `refusal` assertions. */
  expected_refusal?: boolean
  /** Rubric for `llm-rubric` assertions without a `value`. */
  criteria?: string
  /** E.g. `critical` (any failure fails the gate), `adversarial`. */
  tags: string[]
  /** Extra assertions for this case only, run after the prompt's own. */
  assert?: AssertionSpec[]
  /** Canned output for the `mock` provider (fixture files take precedence). */
  output?: string
  description?: string
  metadata?: Record<string, unknown>
  /** 1-based line in the dataset file, for messages. */
  line: number
}

/** The fields a dataset line may have. */
export const CASE_FIELDS = [
  'id',
  'vars',
  'expected',
  'expected_json',
  'expected_substr',
  'expected_refusal',
  'criteria',
  'tags',
  'assert',
  'output',
  'description',
  'metadata',
] as const
