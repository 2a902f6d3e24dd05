import { CanonError, isCanonError } from '../errors'
import {
  type ChatMessage,
  type PromptDefinition,
  type PromptKind,
  promptKind,
  type RenderedPrompt,
} from '../model'
import { inputChecker } from './check-inputs'
import { type CompiledTemplate, compileTemplate } from './compile-template'
import { copyVars } from './template-vars'

/** A prompt ready to render: templates analysed, found safe and compiled, inputs checker built. */
export interface CompiledPrompt {
  readonly name: string
  readonly version: number
  readonly kind: PromptKind
  /** Variables the templates read, sorted. Every one is a declared input. */
  readonly variables: string[]
  /** Checks `vars` against the prompt's inputs, then renders text or chat messages. */
  render(vars: Record<string, unknown>): RenderedPrompt
  /** Renders a text prompt to its string; a chat prompt throws (use `render`). */
  renderText(vars: Record<string, unknown>): string
}

const compiledPrompts = new WeakMap<PromptDefinition, CompiledPrompt>()

/**
 * Compiles a prompt definition once (cached per definition object, which must not be
 * mutated afterwards). Throws `TEMPLATE_UNSAFE` for unsafe templates, `VALIDATION_FAILED`
 * for syntax errors or variables missing from `inputs`. Rendering is strict: inputs are
 * checked first, undefined values never render as empty strings, and values are never
 * evaluated as template code. Failures are `RENDER_FAILED` errors naming the prompt.
 * @example
 * const prompt = compilePrompt(def)
 * prompt.renderText({ support_ticket_text: ticket, output_format: 'summary' })
 */
export function compilePrompt(def: PromptDefinition): CompiledPrompt {
  let compiled = compiledPrompts.get(def)
  if (!compiled) {
    compiled = build(def)
    compiledPrompts.set(def, compiled)
  }
  return compiled
}

function build(def: PromptDefinition): CompiledPrompt {
  const id = `${def.name} v${def.version}`
  const check = inputChecker(def.inputs)
  const fail = (err: unknown): never => {
    if (isCanonError(err)) {
      throw new CanonError(err.code, `prompt ${id}: ${err.message}`, {
        cause: err,
        details: err.details,
      })
    }
    throw err
  }

  if (def.messages) {
    const messages = def.messages
    const templates = messages.map((m, i) =>
      compileOrThrow(m.content, `${id} messages[${i}].content`, fail),
    )
    const variables = collectVariables(templates)
    assertDeclared(def, id, variables)
    return {
      name: def.name,
      version: def.version,
      kind: 'chat',
      variables,
      render(vars) {
        try {
          const checked = check(vars)
          const rendered: ChatMessage[] = templates.map((t, i) => ({
            role: (messages[i] as ChatMessage).role,
            // Each message gets its own scope so a `{% set %}` in one can't leak into the next.
            content: t.renderChecked(copyVars(checked)),
          }))
          return { kind: 'chat', messages: rendered }
        } catch (err) {
          return fail(err)
        }
      },
      renderText() {
        throw new CanonError(
          'RENDER_FAILED',
          `prompt ${id} is a chat prompt: use render() to get its messages (renderText() is for text prompts)`,
        )
      },
    }
  }

  if (def.template === undefined) {
    throw new CanonError(
      'VALIDATION_FAILED',
      `prompt ${id} has neither \`template\` nor \`messages\``,
    )
  }
  const template = compileOrThrow(def.template, `${id} template`, fail)
  const variables = [...template.variables]
  assertDeclared(def, id, variables)
  const renderText = (vars: Record<string, unknown>): string => {
    try {
      return template.renderChecked(check(vars))
    } catch (err) {
      return fail(err)
    }
  }
  return {
    name: def.name,
    version: def.version,
    kind: promptKind(def),
    variables,
    render: (vars) => ({ kind: 'text', text: renderText(vars) }),
    renderText,
  }
}

function compileOrThrow(
  source: string,
  file: string,
  fail: (err: unknown) => never,
): CompiledTemplate {
  try {
    return compileTemplate(source, { file, line: 1, col: 1 })
  } catch (err) {
    return fail(err)
  }
}

function collectVariables(templates: readonly CompiledTemplate[]): string[] {
  const all = new Set<string>()
  for (const t of templates) for (const v of t.variables) all.add(v)
  return [...all].sort()
}

function assertDeclared(def: PromptDefinition, id: string, variables: readonly string[]): void {
  const undeclared = variables.filter((v) => !Object.hasOwn(def.inputs, v))
  if (undeclared.length === 0) return
  const names = undeclared.map((v) => `\`${v}\``).join(', ')
  throw new CanonError(
    'VALIDATION_FAILED',
    `prompt ${id}: the template uses ${names}, not declared in \`inputs\``,
    { details: { undeclared } },
  )
}
