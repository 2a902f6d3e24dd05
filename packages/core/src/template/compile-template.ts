/// <reference path="./nunjucks-internals.d.ts" />
import { type Diagnostic, formatDiagnostic, hasErrors } from '../diagnostics'
import { CanonError, isCanonError } from '../errors'
import { analyzeAst } from './analyze-template'
import { compileAst } from './compile-ast'
import { parseTemplate, type TemplateOrigin, toFilePosition } from './parse-template'

/** A template parsed, analysed against the allow-list and compiled to closures. */
export interface CompiledTemplate {
  /** Free variables the template reads, sorted. */
  readonly variables: readonly string[]
  /**
   * Renders with already checked variables (`checkInputs` makes them). The object is not
   * modified: `{% set %}` writes into a scope on top of it. Failures are `CanonError`s whose
   * message starts with the template position (`template line 2, column 5: …`).
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
 * errors, `TEMPLATE_UNSAFE` for unsafe or unsupported constructs (SPEC §1), with the
 * diagnostics in `details.diagnostics`. Results are cached by source, so each template is
 * analysed once. Rendering follows Python Jinja2 3.1 with its defaults (see ARCHITECTURE.md,
 * "Templates"); no JavaScript is generated from the template.
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
  const render = compileAst(parsed.ast)
  return {
    ok: true,
    template: {
      variables: Object.freeze(analysis.variables),
      renderChecked(vars) {
        try {
          return render(vars)
        } catch (err) {
          if (isCanonError(err)) throw err
          // Engine limits (a string too long, a stack too deep) are render failures too.
          throw new CanonError('RENDER_FAILED', err instanceof Error ? err.message : String(err), {
            cause: err,
          })
        }
      },
    },
  }
}
