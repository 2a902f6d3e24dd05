/// <reference path="./nunjucks-internals.d.ts" />
import compiler from 'nunjucks/src/compiler'
import transformer from 'nunjucks/src/transformer'
import { type Diagnostic, formatDiagnostic, hasErrors } from '../diagnostics'
import { CanonError, isCanonError } from '../errors'
import { analyzeAst } from './analyze-template'
import { parseTemplate, type TemplateOrigin, toFilePosition } from './parse-template'
import {
  newFrame,
  RenderContext,
  type RenderFault,
  sandboxEnv,
  sandboxRuntime,
  type TemplateFn,
} from './sandbox-runtime'

/** A template parsed, analysed, found safe and compiled to a JavaScript function. */
export interface CompiledTemplate {
  /** Free variables the template reads, sorted. */
  readonly variables: readonly string[]
  /**
   * Renders with already checked variables. `vars` becomes the template's scope and may be
   * written by `{% set %}`: pass a fresh object (`checkInputs` makes one). Failures are
   * `CanonError`s whose message starts with the template position when it is known
   * (`template line 2, column 5: …`).
   */
  renderChecked(vars: Record<string, unknown>): string
}

type CacheEntry =
  | { ok: true; template: CompiledTemplate }
  | { ok: false; diagnostics: Diagnostic[] }

const CACHE_LIMIT = 1000
/** Compiled templates by source. Insertion order doubles as recency (LRU). */
const cache = new Map<string, CacheEntry>()

/**
 * Parses, analyses and compiles a template, or throws: `VALIDATION_FAILED` for syntax
 * errors, `TEMPLATE_UNSAFE` for safety violations (SPEC §1), with the diagnostics in
 * `details.diagnostics`. Results are cached by source, so each template is analysed once.
 * @example compileTemplate('Hi {{ name }}', { file: 'greet', line: 1, col: 1 }).renderChecked(vars)
 */
export function compileTemplate(source: string, origin: TemplateOrigin): CompiledTemplate {
  let entry = cache.get(source)
  if (entry) {
    cache.delete(source)
    cache.set(source, entry)
  } else {
    entry = build(source)
    if (cache.size >= CACHE_LIMIT) {
      const oldest = cache.keys().next()
      if (!oldest.done) cache.delete(oldest.value)
    }
    cache.set(source, entry)
  }
  if (entry.ok) return entry.template
  // Cached diagnostics are relative to the template; anchor them in this file.
  const diagnostics = entry.diagnostics.map((d) => ({
    ...d,
    file: origin.file,
    ...toFilePosition(origin, d.line, d.col),
  }))
  const unsafe = diagnostics.some((d) => d.code === 'template-unsafe')
  throw new CanonError(
    unsafe ? 'TEMPLATE_UNSAFE' : 'VALIDATION_FAILED',
    `${unsafe ? 'unsafe template' : 'invalid template'}:\n${diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}`,
    { details: { diagnostics } },
  )
}

function build(source: string): CacheEntry {
  const origin = { file: 'template', line: 1, col: 1 }
  const parsed = parseTemplate(source, origin)
  if (!parsed.ok) return { ok: false, diagnostics: [parsed.diagnostic] }
  const analysis = analyzeAst(parsed.ast, origin)
  if (hasErrors(analysis.diagnostics)) return { ok: false, diagnostics: analysis.diagnostics }

  // The tree is analysed; nunjucks' transformer and compiler turn it into JavaScript source.
  const c = new compiler.Compiler(origin.file, true)
  c.compile(transformer.transform(parsed.ast, [], origin.file))
  // nunjucks templates are compiled with `new Function`, exactly as nunjucks' own Template does.
  const props = new Function(c.getCode())() as Record<string, TemplateFn>
  const root = props.root as TemplateFn
  const blocks = Object.create(null) as Record<string, TemplateFn>
  for (const [k, fn] of Object.entries(props)) if (k.startsWith('b_')) blocks[k.slice(2)] = fn

  const variables = Object.freeze(analysis.variables)
  return {
    ok: true,
    template: {
      variables,
      renderChecked: (vars) => renderCompiled(root, blocks, vars),
    },
  }
}

/** One render; nunjucks' compiled code reports through a callback, synchronously. */
function renderCompiled(
  root: TemplateFn,
  blocks: Record<string, TemplateFn>,
  vars: Record<string, unknown>,
): string {
  let out: string | undefined
  let fault: RenderFault | undefined
  root(sandboxEnv, new RenderContext(vars, blocks), newFrame(), sandboxRuntime, (err, res) => {
    if (err) fault ??= err as RenderFault
    else out = res
  })
  if (fault) throw renderError(fault)
  if (out === undefined)
    throw new CanonError('INTERNAL', 'template did not finish rendering synchronously')
  return out
}

/** Render failures name the template position when nunjucks knows it precisely. */
function renderError(fault: RenderFault): CanonError {
  const cause = fault.cause
  const where = fault.line !== undefined ? `template line ${fault.line}, column ${fault.col}: ` : ''
  if (isCanonError(cause)) {
    return new CanonError(cause.code, `${where}${cause.message}`, { cause, details: cause.details })
  }
  const message = cause instanceof Error ? cause.message : String(cause)
  return new CanonError('RENDER_FAILED', `${where}${message}`, { cause })
}
