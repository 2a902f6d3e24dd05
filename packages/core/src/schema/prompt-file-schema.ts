/**
 * The schema of a prompt file as people write it (SPEC §1), short forms included.
 * `normalizePrompt` turns what it accepts into a `PromptDefinition`.
 * @module
 */
import { z } from 'zod'
import { CHAT_ROLES, INPUT_TYPES, PROMPT_NAME_PATTERN } from '../model'
import { linearRegexProblem } from './linear-regex'

/** Input names must be plain template identifiers: `{{ support_ticket_text }}`. */
export const INPUT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/

const json = z.json()

const nameSchema = z.string({ error: 'must be a string' }).regex(PROMPT_NAME_PATTERN, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} is not a valid prompt name: it must match ${PROMPT_NAME_PATTERN.source} (a letter, then up to 127 letters, digits, ".", "_" or "-")`,
})

const versionSchema = z
  .number({ error: 'must be an integer ≥ 1' })
  .int({ error: 'must be an integer ≥ 1' })
  .min(1, { error: 'must be an integer ≥ 1' })

const stringList = z.array(z.string({ error: 'must be a string' }), {
  error: 'must be a list of strings',
})

/** Checks a value against an input's declared type. */
export function matchesInputType(type: (typeof INPUT_TYPES)[number], v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string'
    case 'number':
      return typeof v === 'number' && Number.isFinite(v)
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v)
    case 'boolean':
      return typeof v === 'boolean'
    case 'array':
      return Array.isArray(v)
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v)
  }
}

const inputTypeSchema = z.enum(INPUT_TYPES, {
  error: (iss) =>
    `unknown input type ${JSON.stringify(iss.input)}; use one of ${INPUT_TYPES.join(', ')}`,
})

export const inputSpecShape = {
  type: inputTypeSchema.optional(),
  required: z.boolean({ error: 'must be true or false' }).optional(),
  default: json.optional(),
  enum: z.array(json, { error: 'must be a list of allowed values' }).min(1).optional(),
  maxLength: z.number().int().min(0, { error: 'must be an integer ≥ 0' }).optional(),
  pattern: z.string().optional(),
  description: z.string().optional(),
}

const inputSpecSchema = z.preprocess(
  // `ticket: string` is short for `ticket: {type: string}`.
  (v) => (typeof v === 'string' ? { type: v } : v === null ? {} : v),
  z
    .strictObject(inputSpecShape, { error: 'must be a type name or a mapping like {type: string}' })
    .superRefine((spec, ctx) => {
      const type = spec.type ?? 'string'
      const typeName = `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`
      const defaultFits = spec.default === undefined || matchesInputType(type, spec.default)
      if (!defaultFits) {
        ctx.addIssue({ code: 'custom', path: ['default'], message: `default is not ${typeName}` })
      }
      spec.enum?.forEach((v, i) => {
        if (!matchesInputType(type, v)) {
          ctx.addIssue({
            code: 'custom',
            path: ['enum', i],
            message: `enum value is not ${typeName}`,
          })
        }
      })
      if (
        defaultFits &&
        spec.default !== undefined &&
        spec.enum &&
        !spec.enum.includes(spec.default)
      ) {
        ctx.addIssue({ code: 'custom', path: ['default'], message: 'default is not one of enum' })
      }
      if (spec.maxLength !== undefined && type !== 'string' && type !== 'array') {
        ctx.addIssue({
          code: 'custom',
          path: ['maxLength'],
          message: `maxLength applies to string and array inputs, not ${type}`,
        })
      }
      if (spec.pattern !== undefined) {
        if (type !== 'string') {
          ctx.addIssue({
            code: 'custom',
            path: ['pattern'],
            message: `pattern applies to string inputs, not ${type}`,
          })
        } else {
          const problem = linearRegexProblem(spec.pattern, 'u')
          if (problem)
            ctx.addIssue({ code: 'custom', path: ['pattern'], message: `pattern ${problem}` })
        }
      }
    }),
)

function checkInputNames(names: Iterable<[string, PropertyKey[]]>, ctx: z.RefinementCtx): void {
  for (const [name, path] of names) {
    if (!INPUT_NAME_PATTERN.test(name)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `input name ${JSON.stringify(name)} is not a template variable name (letters, digits and "_", not starting with a digit)`,
        params: { at: 'key' },
      })
    }
  }
}

const inputsSchema = z
  .record(z.string(), inputSpecSchema, { error: 'must be a mapping of input name → spec' })
  .superRefine((inputs, ctx) => {
    checkInputNames(
      Object.keys(inputs).map((k) => [k, [k]]),
      ctx,
    )
  })

export const inputVariableShape = {
  name: z.string({ error: 'must be a string' }),
  description: z.string().optional(),
  default: json.optional(),
  is_required: z.boolean().optional(),
  type: inputTypeSchema.optional(),
}

const inputVariablesSchema = z
  .array(
    z.preprocess(
      // Semantic Kernel style `{name, description, default, is_required}` entries are accepted too.
      (v) => (typeof v === 'string' ? { name: v } : v),
      z.strictObject(inputVariableShape, { error: 'must be a variable name' }),
    ),
    { error: 'must be a list of variable names, e.g. [ticket, tone]' },
  )
  .superRefine((vars, ctx) => {
    checkInputNames(
      vars.map((v, i) => [v.name, [i]]),
      ctx,
    )
    const seen = new Set<string>()
    vars.forEach((v, i) => {
      if (seen.has(v.name))
        ctx.addIssue({ code: 'custom', path: [i], message: `variable ${v.name} is listed twice` })
      seen.add(v.name)
    })
  })

const modelParams = {
  provider: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1, { error: 'must be an integer ≥ 1' }).optional(),
  top_p: z.number().min(0).max(1).optional(),
  stop: z
    .union([z.string(), z.array(z.string())], { error: 'must be a string or a list of strings' })
    .optional(),
}

export const modelShape = { ...modelParams, name: z.string().min(1).optional() }

const modelSchema = z.preprocess(
  // `model: gpt-4o` is short for `model: {name: gpt-4o}`.
  (v) => (typeof v === 'string' ? { name: v } : v),
  z.object(modelShape, { error: 'must be a mapping like {name: gpt-4o-mini}' }).catchall(json),
)

export const executionSettingsShape = { ...modelParams, model: z.string().min(1).optional() }

const executionSettingsSchema = z
  .object(executionSettingsShape, { error: 'must be a mapping like {model: gpt-4o-mini}' })
  .catchall(json)

export const messageShape = {
  role: z.enum(CHAT_ROLES, {
    error: (iss) =>
      iss.input === undefined
        ? 'is required'
        : `unknown chat role ${JSON.stringify(iss.input)}; use one of ${CHAT_ROLES.join(', ')}`,
  }),
  content: z.string({ error: 'must be a string (the message template)' }),
}

const messagesSchema = z
  .array(z.strictObject(messageShape, { error: 'must be a mapping {role, content}' }), {
    error: 'must be a list of {role, content} messages',
  })
  .min(1, { error: 'must hold at least one message' })

/** A `{file: ./x.schema.json}` reference, or a bare path string. */
const schemaFileRef = z.strictObject({ file: z.string().min(1) })

export const outputShape = {
  schema: z
    .union([z.string().min(1), schemaFileRef, z.record(z.string(), json), z.boolean()], {
      error: 'must be a JSON Schema, or {file: ./x.schema.json}',
    })
    .optional(),
  retries: z.number().int().min(0, { error: 'must be an integer ≥ 0' }).max(10).optional(),
}

/** `output` alone, so its schema is checked even when other fields have errors. */
export const outputSchema = z.strictObject(outputShape)

export const budgetShape = {
  max_input_tokens: z.number().int().min(1, { error: 'must be an integer ≥ 1' }).optional(),
  max_cost_usd: z.number().min(0, { error: 'must be ≥ 0' }).optional(),
}

const providerRef = z
  .preprocess(
    // `judge: openai:gpt-4o` is short for `{provider: openai, model: gpt-4o}`.
    (v) => {
      if (typeof v !== 'string') return v
      const i = v.indexOf(':')
      return i === -1 ? { provider: v } : { provider: v.slice(0, i), model: v.slice(i + 1) }
    },
    z.object({ provider: z.string().min(1), model: z.string().min(1).optional() }).catchall(json),
  )
  .optional()

export const assertionShape = {
  type: z.string({ error: 'is required (e.g. contains, is-json, llm-rubric)' }).min(1),
  value: json.optional(),
  weight: z.number().min(0, { error: 'must be ≥ 0' }).optional(),
  threshold: z.number().optional(),
  metric: z.string().optional(),
}

export const gateShape = {
  min_pass_rate: z.number().min(0).max(1).optional(),
  margin: z.number().min(0).max(1).optional(),
  alpha: z.number().gt(0).lt(1).optional(),
}

export const evaluationShape = {
  dataset: z.string({ error: 'is required: the path of the golden JSONL dataset' }).min(1),
  fixtures: z.string().min(1).optional(),
  judge: providerRef,
  embeddings: providerRef,
  assertions: z
    .array(
      z
        .object(assertionShape, { error: 'must be a mapping {type, …}' })
        .catchall(json)
        .superRefine((a, ctx) => {
          // Runs on RE2 in linear time (core's linearRegex), as the eval runner will run it.
          if ((a.type === 'regex' || a.type === 'not-regex') && typeof a.value === 'string') {
            const flags = typeof a.flags === 'string' ? a.flags : ''
            const problem = linearRegexProblem(a.value, flags)
            if (problem)
              ctx.addIssue({ code: 'custom', path: ['value'], message: `pattern ${problem}` })
          }
        }),
    )
    .optional(),
  gate: z.strictObject(gateShape).optional(),
}

export const promptFileShape = {
  name: nameSchema,
  version: versionSchema,
  description: z.string({ error: 'must be a string' }).optional(),
  tags: stringList.optional(),
  owners: stringList.optional(),
  inputs: inputsSchema.optional(),
  input_variables: inputVariablesSchema.optional(),
  model: modelSchema.optional(),
  execution_settings: executionSettingsSchema.optional(),
  template: z.string({ error: 'must be a string (the prompt template)' }).optional(),
  messages: messagesSchema.optional(),
  output: z.strictObject(outputShape).optional(),
  budget: z.strictObject(budgetShape).optional(),
  evaluation: z.strictObject(evaluationShape).optional(),
}

/** A prompt file's top level; unknown keys are errors. */
export const promptFileSchema = z.strictObject(promptFileShape, {
  error: 'a prompt file must be a YAML mapping of fields (name, version, template, …)',
})

export type PromptFile = z.output<typeof promptFileSchema>

/** Known keys per object path (`#` = any list index, `*` = any map key), for typo suggestions. */
export const KNOWN_KEYS: ReadonlyArray<[string, readonly string[]]> = [
  ['', Object.keys(promptFileShape)],
  ['inputs.*', Object.keys(inputSpecShape)],
  ['input_variables.#', Object.keys(inputVariableShape)],
  ['messages.#', Object.keys(messageShape)],
  ['output', Object.keys(outputShape)],
  ['output.schema', ['file']],
  ['budget', Object.keys(budgetShape)],
  ['evaluation', Object.keys(evaluationShape)],
  ['evaluation.gate', Object.keys(gateShape)],
]
