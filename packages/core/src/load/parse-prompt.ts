/**
 * The prompt-file pipeline: YAML → schema → cross-field rules → templates → secrets → normalize.
 * @module
 */
import type { Diagnostic } from '../diagnostics'
import { CanonError } from '../errors'
import type { PromptDefinition } from '../model'
import { issuesToDiagnostics } from '../schema/issue-diagnostics'
import { outputSchema, promptFileSchema } from '../schema/prompt-file-schema'
import { parseYaml } from '../yaml/parse-yaml'
import type { PositionTree } from '../yaml/position-tree'
import { type CheckContext, diagnostic, isRecord, positionOf } from './context'
import { crossFieldChecks } from './cross-field-checks'
import { normalizeFile } from './normalize'
import { resolveOutputSchema } from './output-schema'
import { secretChecks } from './secret-checks'
import { templateChecks } from './template-checks'
import { textChecks } from './text-checks'

export interface ParsePromptOptions {
  /**
   * Reads a file next to the prompt (an `output.schema` file), given its path relative to the
   * prompt file; undefined when it does not exist. Without it, file references are errors.
   */
  readFile?: (relPath: string) => string | undefined
}

export interface ParsePromptResult {
  /** The normalized definition; absent when any diagnostic is an error. */
  prompt?: PromptDefinition
  /** Errors and warnings, sorted by line and column. */
  diagnostics: Diagnostic[]
  /** Where each key and value sits in the file; absent when the YAML did not parse. */
  positions?: PositionTree
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.col - b.col
}

function check(
  value: unknown,
  ctx: CheckContext,
): { prompt?: PromptDefinition; diagnostics: Diagnostic[] } {
  if (!isRecord(value)) {
    return {
      diagnostics: [
        diagnostic(
          ctx,
          positionOf(ctx, []),
          'error',
          'invalid-document',
          'a prompt file must be a YAML mapping of fields (name, version, template, …)',
        ),
      ],
    }
  }
  // Text that cannot be stored is reported alone: the other checks (schemas, templates,
  // regular expressions) need not cope with NUL or lone surrogates in names and keys.
  const unstorable = textChecks(value, ctx)
  if (unstorable.length > 0) return { diagnostics: unstorable.sort(byPosition) }
  const diagnostics: Diagnostic[] = []
  const parsed = promptFileSchema.safeParse(value, { reportInput: true })
  if (!parsed.success)
    diagnostics.push(...issuesToDiagnostics(parsed.error.issues, ctx.file, ctx.positions))
  diagnostics.push(...crossFieldChecks(value, ctx))
  diagnostics.push(...templateChecks(value, ctx))
  diagnostics.push(...secretChecks(value, ctx))
  const outputField = outputSchema.safeParse(value.output)
  const output = resolveOutputSchema(outputField.success ? outputField.data.schema : undefined, ctx)
  diagnostics.push(...output.diagnostics)
  let prompt: PromptDefinition | undefined
  if (parsed.success && !diagnostics.some((d) => d.severity === 'error')) {
    prompt = normalizeFile(parsed.data, output.schema)
  }
  return { ...(prompt && { prompt }), diagnostics: diagnostics.sort(byPosition) }
}

/**
 * Parses and checks one prompt file's text. Never throws on bad input: every problem is a
 * diagnostic at its `file:line:col`.
 * @example
 * const { prompt, diagnostics } = parsePromptSource(text, 'prompts/summarize.yaml')
 * for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`)
 */
export function parsePromptSource(
  text: string,
  file: string,
  opts: ParsePromptOptions = {},
): ParsePromptResult {
  const yaml = parseYaml(text, file)
  if (!yaml.positions) return { diagnostics: yaml.diagnostics }
  const ctx: CheckContext = {
    file,
    positions: yaml.positions,
    ...(opts.readFile && { readFile: opts.readFile }),
  }
  return { ...check(yaml.value, ctx), positions: yaml.positions }
}

/**
 * Checks a definition that arrived as data (a JSON request body, a snapshot entry) with the same
 * rules as a file; diagnostics carry `file` and 1:1 positions.
 * @example parsePromptObject(await req.json(), 'request body').diagnostics
 */
export function parsePromptObject(
  value: unknown,
  file = '<definition>',
  opts: ParsePromptOptions = {},
): ParsePromptResult {
  return check(value, { file, ...(opts.readFile && { readFile: opts.readFile }) })
}

/**
 * Validates and normalizes a definition given as data; short forms are expanded, defaults filled
 * and keys ordered. Throws a `VALIDATION_FAILED` CanonError listing the problems.
 * @example normalizePrompt({ name: 'greet', version: 1, input_variables: ['who'], template: 'Hi {{ who }}' })
 */
export function normalizePrompt(
  value: unknown,
  opts: ParsePromptOptions & { file?: string } = {},
): PromptDefinition {
  const file = opts.file ?? '<definition>'
  const result = parsePromptObject(value, file, opts)
  if (result.prompt) return result.prompt
  const errors = result.diagnostics.filter((d) => d.severity === 'error')
  throw new CanonError(
    'VALIDATION_FAILED',
    `invalid prompt definition: ${errors.map((d) => d.message).join('; ')}`,
    { details: { diagnostics: errors } },
  )
}
