/**
 * `budget.max_input_tokens` over a prompt's golden dataset, without calling anything: each case
 * rendered strictly and counted as `canon eval` counts it, so `canon validate` catches a case
 * that would not fit before an evaluation runs. A case whose UTF-8 size is within the budget
 * fits for certain; only the others load the model's tokenizer (seconds on a busy machine).
 * @module
 */
import { compilePrompt, type Diagnostic, type PromptDefinition } from '@canon/core'
import { loadTokenCounter, tokenInput, tokenUpperBound } from '@canon/core/token-counting'
import { loadSuite } from './load-suite'

/** A dataset case whose rendered input is over the budget. */
export interface OverBudgetCase {
  id: string
  /** 1-based line of the case in the dataset file. */
  line: number
  tokens: number
  limit: number
}

export interface DatasetBudget {
  /** The dataset path as shown to users (relative to `cwd` when given). */
  datasetFile: string
  /** The model whose tokenizer counted. */
  model: string
  over: OverBudgetCase[]
  /** The dataset does not load, or a case does not render: its budget could not be checked. */
  diagnostics: Diagnostic[]
}

/**
 * Renders every case of the prompt's `evaluation.dataset` and counts its input tokens with the
 * tokenizer of `model.name`. Undefined when there is nothing to check (no budget or no dataset).
 * @example
 * const checked = await datasetBudget(def, { dir: 'prompts' })
 * for (const c of checked?.over ?? []) console.error(`${c.id}: ${c.tokens} > ${c.limit}`)
 */
export async function datasetBudget(
  def: PromptDefinition,
  options: { dir: string; cwd?: string },
): Promise<DatasetBudget | undefined> {
  const limit = def.budget?.max_input_tokens
  if (limit === undefined || !def.evaluation) return undefined
  const suite = await loadSuite(def, { dir: options.dir, cwd: options.cwd })
  const model = def.model.name ?? ''
  const result: DatasetBudget = {
    datasetFile: suite.datasetFile,
    model,
    over: [],
    diagnostics: suite.diagnostics.filter((d) => d.severity === 'error'),
  }
  if (result.diagnostics.length > 0) return result
  const compiled = compilePrompt(def)
  let count: Awaited<ReturnType<typeof loadTokenCounter>> | undefined
  for (const c of suite.cases) {
    let rendered: ReturnType<typeof compiled.render>
    try {
      rendered = compiled.render(c.vars)
    } catch (err) {
      result.diagnostics.push({
        file: suite.datasetFile,
        line: c.line,
        col: 1,
        severity: 'error',
        code: 'case-does-not-render',
        message: `case \`${c.id}\` does not render, so its size cannot be checked against budget.max_input_tokens: ${(err as Error).message}`,
      })
      continue
    }
    // Most cases are far under budget; only those the byte bound cannot clear load a tokenizer.
    if (tokenUpperBound(rendered) <= limit) continue
    count ??= await loadTokenCounter(model)
    const tokens = count(tokenInput(rendered))
    if (tokens > limit) result.over.push({ id: c.id, line: c.line, tokens, limit })
  }
  return result
}
