/**
 * JSON from a model output: the whole output, or the whole output being one fenced
 * code block (```json … ``` or ``` … ```). Prose around the JSON is not accepted: a
 * structured-output contract means the answer IS the JSON.
 * @module
 */

export type ExtractedJson = { ok: true; value: unknown } | { ok: false; reason: string }

const FENCED = /^```[ \t]*(?:json|JSON|jsonc)?[ \t]*\r?\n([\s\S]*?)\r?\n?```$/

/**
 * @example extractJson('```json\n{"a": 1}\n```') // { ok: true, value: { a: 1 } }
 */
export function extractJson(output: string): ExtractedJson {
  const trimmed = output.trim()
  if (trimmed === '') return { ok: false, reason: 'output is empty' }
  const fenced = FENCED.exec(trimmed)
  const body = fenced ? (fenced[1] ?? '') : trimmed
  try {
    return { ok: true, value: JSON.parse(body) }
  } catch (err) {
    const message = (err as Error).message.replace(
      / in JSON at position (\d+).*$/,
      ' at character $1',
    )
    const hint =
      !fenced && trimmed.includes('```') ? ' (text outside the code block is not allowed)' : ''
    return { ok: false, reason: `output is not valid JSON: ${message}${hint}` }
  }
}
