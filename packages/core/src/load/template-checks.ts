/**
 * Runs the template analyzer over `template` or each message's `content`, then checks that every
 * variable a template reads is declared and every declared input is read.
 * @module
 */
import type { Diagnostic } from '../diagnostics'
import { analyzeTemplate, type TemplateAnalysis, type TemplateOrigin } from '../template'
import type { PathSegment } from '../yaml/position-tree'
import { type CheckContext, diagnostic, isRecord, positionOf } from './context'
import { findVariable, templateOrigin } from './template-origin'

interface TemplateSite {
  path: PathSegment[]
  source: string
}

function templateSites(raw: Record<string, unknown>): TemplateSite[] {
  if (typeof raw.template === 'string') return [{ path: ['template'], source: raw.template }]
  if (!Array.isArray(raw.messages)) return []
  const sites: TemplateSite[] = []
  raw.messages.forEach((m, i) => {
    if (isRecord(m) && typeof m.content === 'string') {
      sites.push({ path: ['messages', i, 'content'], source: m.content })
    }
  })
  return sites
}

/** Declared input names with the path that declares each. */
function declaredInputs(raw: Record<string, unknown>): Map<string, PathSegment[]> {
  const declared = new Map<string, PathSegment[]>()
  if (isRecord(raw.inputs))
    for (const name of Object.keys(raw.inputs)) declared.set(name, ['inputs', name])
  if (Array.isArray(raw.input_variables)) {
    raw.input_variables.forEach((v, i) => {
      const name =
        typeof v === 'string' ? v : isRecord(v) && typeof v.name === 'string' ? v.name : undefined
      if (name !== undefined && !declared.has(name)) declared.set(name, ['input_variables', i])
    })
  }
  return declared
}

/** The analyzer should never throw; if it does, the file still gets a diagnostic, not a crash. */
function analyze(source: string, origin: TemplateOrigin): TemplateAnalysis {
  try {
    return analyzeTemplate(source, origin)
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    return {
      variables: [],
      diagnostics: [
        {
          ...origin,
          severity: 'error',
          code: 'template-syntax',
          message: `template could not be analyzed: ${reason}`,
        },
      ],
    }
  }
}

export function templateChecks(raw: Record<string, unknown>, ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  const sites = templateSites(raw)
  if (sites.length === 0) return out
  const declared = declaredInputs(raw)
  const used = new Set<string>()
  let complete = true
  for (const site of sites) {
    const located = ctx.positions?.locate(site.path)
    const origin =
      located && ctx.positions
        ? templateOrigin(located.node, ctx.positions.lines, ctx.file)
        : { file: ctx.file, line: 1, col: 1 }
    const analysis = analyze(site.source, origin)
    out.push(...analysis.diagnostics)
    if (analysis.diagnostics.some((d) => d.severity === 'error')) complete = false
    for (const name of analysis.variables) {
      if (!used.has(name) && !declared.has(name)) {
        const at =
          (located && ctx.positions && findVariable(located.node, ctx.positions.lines, name)) ||
          origin
        out.push(
          diagnostic(
            ctx,
            at,
            'error',
            'undeclared-variable',
            `template uses variable \`${name}\`, which is not declared in \`inputs\``,
          ),
        )
      }
      used.add(name)
    }
  }
  // A template that failed to parse may read more than we saw: don't call its inputs unused.
  if (!complete) return out
  for (const [name, path] of declared) {
    if (!used.has(name)) {
      out.push(
        diagnostic(
          ctx,
          positionOf(ctx, path, path[0] === 'inputs' ? 'key' : 'value'),
          'warning',
          'unused-input',
          `input \`${name}\` is declared but the template never uses it`,
        ),
      )
    }
  }
  return out
}
