/**
 * Reading a judge model's answer. The judge is asked for `{"score": 0..1, "reason": "…"}`;
 * models still wrap it in code fences, think aloud in `<think>` blocks, or add a sentence.
 * Anything that does not yield one numeric score in 0..1 is an error, never a pass.
 * @module
 */

export type JudgeVerdict =
  | { ok: true; score: number; reason: string }
  | { ok: false; error: string }

/** Removes `<think>…</think>`-style reasoning; an unclosed block runs to the end (truncated thinking). */
export function stripReasoning(text: string): string {
  return text
    .replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, '')
    .replace(/<(think|thinking|reasoning)>[\s\S]*$/i, '')
}

/** Top-level `{…}` spans of a text, scanning strings so braces inside them don't count. */
function objectSpans(text: string): string[] {
  const spans: string[] = []
  let depth = 0
  let start = -1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (inString) {
      if (ch === '\\') i++
      else if (ch === '"') inString = false
    } else if (ch === '"') {
      inString = depth > 0
    } else if (ch === '{') {
      if (depth === 0) start = i
      depth++
    } else if (ch === '}' && depth > 0) {
      depth--
      if (depth === 0) spans.push(text.slice(start, i + 1))
    }
  }
  return spans
}

function candidates(text: string): unknown[] {
  const found: unknown[] = []
  const tryParse = (s: string) => {
    try {
      found.push(JSON.parse(s))
    } catch {
      // Not JSON; other candidates may be.
    }
  }
  for (const fence of text.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g))
    tryParse((fence[1] ?? '').trim())
  tryParse(text.trim())
  for (const span of objectSpans(text)) tryParse(span)
  return found
}

/**
 * Parses a judge answer into a score and reason. A `pass` field in the answer is ignored:
 * pass/fail is decided in code from the score and the assertion's threshold.
 * @example parseJudgeVerdict('<think>hmm</think>```json\n{"score": 0.8, "reason": "ok"}\n```') // { ok: true, score: 0.8, reason: 'ok' }
 */
export function parseJudgeVerdict(answer: string): JudgeVerdict {
  const text = stripReasoning(answer)
  const objects = candidates(text).filter(
    (v): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !Array.isArray(v) && 'score' in v,
  )
  const preview = JSON.stringify(answer.trim().slice(0, 120))
  const verdict = objects[objects.length - 1]
  if (!verdict)
    return { ok: false, error: `judge answer has no JSON object with a "score": ${preview}` }
  const { score, reason } = verdict
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    return { ok: false, error: `judge "score" is not a number: ${JSON.stringify(score)}` }
  }
  if (score < 0 || score > 1) return { ok: false, error: `judge "score" ${score} is outside 0..1` }
  return { ok: true, score, reason: typeof reason === 'string' ? reason.trim() : '' }
}
