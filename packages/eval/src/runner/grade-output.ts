/**
 * Grades one output: deterministic assertions first, then the model-graded ones (`llm-rubric`,
 * `similar`) only when they can still change the verdict.
 * @module
 */
import type { AssertionSpec } from '@canon/core'
import { parseAssertionType } from '../assertions/assertion-types'
import { runAssertion } from '../assertions/run-assertion'
import type { AssertionContext, AssertionResult, JudgeProvider } from '../assertions/types'
import type { Case } from '../dataset/case'
import type { EmbeddingsConfig, JudgeConfig } from './options'
import { missingVerdictJudge, recordedJudge } from './recorded-judge'

const MODEL_GRADED = new Set(['llm-rubric', 'similar'])

export interface GradeInput {
  output: string
  case: Case
  assertions: readonly AssertionSpec[]
  context: Omit<AssertionContext, 'output' | 'case' | 'judge' | 'judgeModel'>
  judge?: JudgeConfig
  /** The judge provider to call for `kind: 'model'` (wrapped for cache and accounting). */
  judgeProvider?: JudgeProvider
  embeddings?: EmbeddingsConfig
  shortCircuit: boolean
}

function isModelGraded(spec: AssertionSpec): boolean {
  return MODEL_GRADED.has(parseAssertionType(spec.type)?.base ?? '')
}

/** Whether the assertion has nothing to compare with on this case (it would be skipped). */
function hasNoReference(spec: AssertionSpec, testCase: Case): boolean {
  if (spec.value !== undefined) return false
  const base = parseAssertionType(spec.type)?.base
  return base === 'llm-rubric' ? testCase.criteria === undefined : testCase.expected === undefined
}

function notGraded(spec: AssertionSpec, because: string): AssertionResult {
  const weight = typeof spec.weight === 'number' && spec.weight >= 0 ? spec.weight : 1
  const result: AssertionResult = {
    type: String(spec.type),
    pass: false,
    score: 0,
    weight,
    reason: `not graded: ${because}`,
  }
  if (typeof spec.metric === 'string') result.metric = spec.metric
  return result
}

/** The judge for the `index`-th rubric of a case. */
function judgeFor(input: GradeInput, index: number): Partial<AssertionContext> {
  const { judge } = input
  if (!judge) return {}
  if (judge.kind === 'model') return { judge: input.judgeProvider, judgeModel: judge.model }
  const verdicts = judge.verdicts.get(input.case.id)
  // One recorded verdict serves every rubric of the case; a list gives one per rubric, in order.
  const verdict = verdicts?.length === 1 ? verdicts[0] : verdicts?.[index]
  return verdict
    ? { judge: recordedJudge(verdict), judgeModel: 'recorded' }
    : {
        judge: missingVerdictJudge(input.case.id, index, verdicts?.length ?? 0, judge.source),
        judgeModel: 'recorded',
      }
}

/**
 * Runs a case's assertions on one output, in the order given, except that model-graded ones run
 * after the deterministic ones; results come back in the original order.
 */
export async function gradeOutput(input: GradeInput): Promise<AssertionResult[]> {
  const results = new Array<AssertionResult>(input.assertions.length)
  const base: AssertionContext = { ...input.context, output: input.output, case: input.case }
  if (input.embeddings) {
    base.embeddings = input.embeddings.provider
    base.embeddingsModel = input.embeddings.model
  }
  const deferred: number[] = []
  for (const [i, spec] of input.assertions.entries()) {
    if (isModelGraded(spec)) {
      deferred.push(i)
      continue
    }
    results[i] = await runAssertion(spec, base)
  }
  const failedCheck = results.find((r) => r && !r.skipped && r.weight > 0 && !r.pass)
  let rubricIndex = 0
  for (const i of deferred) {
    const spec = input.assertions[i] as AssertionSpec
    const isRubric = parseAssertionType(spec.type)?.base === 'llm-rubric'
    const index = isRubric && !hasNoReference(spec, input.case) ? rubricIndex++ : -1
    if (input.shortCircuit && failedCheck && !hasNoReference(spec, input.case)) {
      results[i] = notGraded(spec, `\`${failedCheck.type}\` already failed the case`)
      continue
    }
    const context = isRubric ? { ...base, ...judgeFor(input, index) } : base
    results[i] = await runAssertion(spec, context)
  }
  return results
}
