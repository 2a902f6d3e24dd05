/**
 * Short forms → the one `PromptDefinition` shape, with a fixed key order.
 * @module
 */

import { DEFINITION_KEY_ORDER as ORDER } from '../definition-text'
import type {
  AssertionSpec,
  EvaluationSpec,
  InputSpec,
  JsonSchema,
  ModelSettings,
  PromptDefinition,
  ProviderRef,
} from '../model'
import type { PromptFile } from '../schema/prompt-file-schema'

/** Gate defaults when a file's `evaluation.gate` leaves them out (prompts/README, "Gate"). */
export const DEFAULT_GATE = { min_pass_rate: 0.9, margin: 0.05, alpha: 0.05 } as const

type Plain = Record<string, unknown>

function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v)
}

/** Copies `known` keys first in the given order, then the rest sorted, skipping undefined. */
function ordered(source: Plain, known: readonly string[]): Plain {
  const out: Plain = {}
  for (const k of known) if (source[k] !== undefined) out[k] = clone(source[k])
  for (const k of Object.keys(source).sort()) {
    if (!known.includes(k) && source[k] !== undefined) out[k] = clone(source[k])
  }
  return out
}

function inputSpec(spec: {
  type?: InputSpec['type']
  required?: boolean
  default?: unknown
  enum?: unknown[]
  maxLength?: number
  pattern?: string
  description?: string
}): InputSpec {
  const out: InputSpec = {
    type: spec.type ?? 'string',
    // An input with a default can be left out; one without must be given.
    required: spec.required ?? spec.default === undefined,
  }
  if (spec.default !== undefined) out.default = clone(spec.default)
  if (spec.enum !== undefined) out.enum = clone(spec.enum)
  if (spec.maxLength !== undefined) out.maxLength = spec.maxLength
  if (spec.pattern !== undefined) out.pattern = spec.pattern
  if (spec.description !== undefined) out.description = spec.description
  return out
}

function inputs(file: PromptFile): Record<string, InputSpec> {
  const out: Record<string, InputSpec> = {}
  if (file.inputs) {
    for (const [name, spec] of Object.entries(file.inputs)) out[name] = inputSpec(spec)
  }
  for (const v of file.input_variables ?? []) {
    out[v.name] = inputSpec({
      type: v.type,
      required: v.is_required,
      default: v.default,
      description: v.description,
    })
  }
  return out
}

function model(file: PromptFile): ModelSettings {
  let source: Plain = {}
  if (file.model) source = { ...file.model }
  else if (file.execution_settings) {
    const { model: name, ...rest } = file.execution_settings
    source = { ...rest, name }
  }
  if (typeof source.stop === 'string') source.stop = [source.stop]
  return ordered(source, ORDER.model) as ModelSettings
}

function providerRef(ref: Plain | undefined): ProviderRef | undefined {
  return ref ? (ordered(ref, ORDER['evaluation.judge']) as ProviderRef) : undefined
}

function evaluation(ev: NonNullable<PromptFile['evaluation']>): EvaluationSpec {
  const judge = providerRef(ev.judge)
  const embeddings = providerRef(ev.embeddings)
  return {
    dataset: ev.dataset,
    ...(ev.fixtures !== undefined && { fixtures: ev.fixtures }),
    ...(judge && { judge }),
    ...(embeddings && { embeddings }),
    assertions: (ev.assertions ?? []).map(
      (a) => ordered(a, ORDER['evaluation.assertions.*']) as AssertionSpec,
    ),
    gate: {
      min_pass_rate: ev.gate?.min_pass_rate ?? DEFAULT_GATE.min_pass_rate,
      margin: ev.gate?.margin ?? DEFAULT_GATE.margin,
      alpha: ev.gate?.alpha ?? DEFAULT_GATE.alpha,
    },
  }
}

/**
 * Builds the normalized definition from a schema-checked file. `outputSchema` is the resolved
 * `output.schema` (a `file` reference already read and parsed).
 */
export function normalizeFile(file: PromptFile, outputSchema?: JsonSchema): PromptDefinition {
  return {
    name: file.name,
    version: file.version,
    ...(file.description !== undefined && { description: file.description }),
    tags: [...(file.tags ?? [])],
    owners: [...(file.owners ?? [])],
    inputs: inputs(file),
    model: model(file),
    ...(file.template !== undefined && { template: file.template }),
    ...(file.messages !== undefined && {
      messages: file.messages.map((m) => ({ role: m.role, content: m.content })),
    }),
    ...(file.output !== undefined && {
      output: {
        ...(outputSchema !== undefined && { schema: clone(outputSchema) }),
        retries: file.output.retries ?? 0,
      },
    }),
    ...(file.budget !== undefined && {
      budget: ordered(file.budget, ORDER.budget),
    }),
    ...(file.evaluation !== undefined && { evaluation: evaluation(file.evaluation) }),
  }
}
