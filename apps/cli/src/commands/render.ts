import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  compilePrompt,
  formatDiagnostic,
  hasErrors,
  type PromptDefinition,
  promptDigest,
  type RenderedPrompt,
} from '@canon/core'
import { loadPromptFile } from '@canon/core/node'
import { countTokens } from '@canon/core/tokens'
import type { Command } from 'commander'
import { type CliContext, formatOption, type RegistryFlags, withRegistryOptions } from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import type { Io } from '../io'
import { parsePromptRef } from '../registry-client'
import { collectVars } from '../vars'

export interface RenderOptions {
  format: OutputFormat
  var: string[]
  varsFile?: string
}

/** Loads a prompt for rendering: a file path today; registry refs plug in here. */
export type PromptSource = (io: Io, target: string) => Promise<PromptDefinition | ExitCode>

/**
 * `canon render <file|name[:version|@label]>`: prints the rendered prompt, rendered strictly
 * (a missing or mistyped input is an error, never an empty string).
 */
export async function renderCommand(
  io: Io,
  target: string,
  options: RenderOptions,
  fromRegistry?: PromptSource,
): Promise<ExitCode> {
  const loaded = await loadTarget(io, target, fromRegistry)
  if (typeof loaded === 'number') return loaded
  const prompt = loaded

  const vars = collectVars(io.cwd, options.var, options.varsFile, prompt.inputs)
  const rendered = compilePrompt(prompt).render(vars)
  const text = renderedText(rendered)
  const model = prompt.model.name

  if (options.format === 'json') {
    writeJson(io, {
      name: prompt.name,
      version: prompt.version,
      digest: promptDigest(prompt),
      ...rendered,
      inputTokens: countTokens(text, model),
    })
    return EXIT.OK
  }
  io.out(text.endsWith('\n') ? text : `${text}\n`)
  return EXIT.OK
}

async function loadTarget(
  io: Io,
  target: string,
  fromRegistry: PromptSource | undefined,
): Promise<PromptDefinition | ExitCode> {
  const path = resolve(io.cwd, target)
  const looksLikeFile = /\.ya?ml$/i.test(target) || target.includes('/')
  if (existsSync(path) || looksLikeFile) {
    if (!existsSync(path)) {
      io.err(`canon render: no such file: ${target}\n`)
      return EXIT.USAGE
    }
    const { prompt, diagnostics } = await loadPromptFile(path)
    const errors = diagnostics.filter((d) => d.severity === 'error')
    for (const d of errors) io.err(`${formatDiagnostic({ ...d, file: target })}\n`)
    if (!prompt || hasErrors(diagnostics)) return EXIT.CHECK_FAILED
    return prompt
  }
  if (!fromRegistry) {
    io.err(
      `canon render: ${target} is not a file; to render from a registry use name:version or name@label with CANON_REGISTRY_URL set\n`,
    )
    return EXIT.USAGE
  }
  return fromRegistry(io, target)
}

/** Chat prompts print one block per message, headed by its role. */
function renderedText(rendered: RenderedPrompt): string {
  if (rendered.kind === 'text') return rendered.text
  return rendered.messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n')
}

/** Registers `canon render`. */
export function registerRender(program: Command, ctx: CliContext): void {
  withRegistryOptions(
    program
      .command('render')
      .description('print a prompt rendered with the given inputs')
      .argument('<prompt>', 'a prompt file, or name:version / name@label from the registry')
      .option(
        '--var <key=value>',
        "an input value (repeatable); typed by the prompt's inputs",
        collect,
        [],
      )
      .option('--vars-file <file>', 'a JSON or YAML file of input values')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Rendering is strict: a missing required input, an unknown input or a value of the wrong
type is an error, never an empty string.

Examples:
  $ pnpm canon render prompts/classify_ticket_intent.v1.yaml --var ticket_subject="Refund" --var ticket_text="refund please"
  $ pnpm canon render prompts/extract_order_details.v1.yaml --var email_text="Order #A-7: 2 mugs, 18 EUR" --format json
  $ pnpm canon render SummarizeSupportTicket@production --var support_ticket_text="..."
  $ pnpm canon render SummarizeSupportTicket:2 --vars-file ticket.yaml   # your file of input values`,
    )
    .action(
      async (
        target: string,
        opts: { format: OutputFormat; var: string[]; varsFile?: string } & RegistryFlags,
      ) => {
        ctx.setExit(
          await renderCommand(ctx.io, target, opts, async (_io, ref) => {
            const { name, version, label } = parsePromptRef(ref)
            const client = ctx.clientFor(opts)
            const res = version
              ? await client.getVersion(name, version)
              : await client.getLabel(name, label ?? 'production')
            return res.body.definition
          }),
        )
      },
    )
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}
