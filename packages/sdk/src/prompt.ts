/**
 * The object `canon.get` returns: one prompt version with where it came from, ready to render,
 * verify and trace.
 * @module
 */
import { CanonError, type ChatMessage, type PromptDefinition } from '@canon/core'
import type { LoadedVersion } from './loaded-version'
import {
  type ModelReply,
  type ModelRequest,
  type RunOptions,
  type RunResult,
  runWithRetries,
} from './output/run'
import type { ParseResult } from './output/validate-output'
import type { Telemetry, Traced, TraceOptions, TraceScope } from './telemetry/telemetry'
import type { PromptVersionShape, RenderArgs, RenderOutput, UntypedShape } from './types'

/**
 * Where a prompt came from: `fresh` (fetched for this call), `cache` (in memory, within its
 * TTL), `stale` (past its TTL while a refresh runs, or the registry is failing) or `snapshot`
 * (the fallback file).
 */
export type PromptSource = 'fresh' | 'cache' | 'stale' | 'snapshot'

/** A prompt version as the app uses it. `S` comes from `canon codegen`'s types. */
export interface CanonPrompt<
  S extends PromptVersionShape = UntypedShape,
  V extends number = number,
> {
  readonly name: string
  readonly version: V
  /** The label that resolved it; undefined when asked by version or routed by a flag variant. */
  readonly label: string | undefined
  /** The flag variant that chose this version (A/B), e.g. `v2`. */
  readonly variant: string | undefined
  readonly digest: string
  readonly source: PromptSource
  readonly kind: S['kind']
  /** The registry marked this version deprecated (it still works). */
  readonly deprecated: boolean
  readonly definition: Readonly<PromptDefinition>
  /**
   * Renders strictly: missing required or unknown variables and wrong types throw
   * `RENDER_FAILED`. Text prompts give a string, chat prompts their messages.
   */
  render(...args: RenderArgs<S['vars']>): RenderOutput<S['kind']>
  /** Checks model output (text or parsed JSON) against `output.schema`; throws `VALIDATION_FAILED`. */
  parse<T = unknown>(output: unknown): T
  /** Like `parse`, without throwing on invalid output. */
  safeParse<T = unknown>(output: unknown): ParseResult<T>
  /**
   * Renders, calls the model, and re-asks with the validation errors up to `output.retries`
   * times until the output matches `output.schema`.
   */
  run<T = unknown>(
    vars: S['vars'],
    callModel: (request: ModelRequest) => ModelReply | Promise<ModelReply>,
    options?: RunOptions,
  ): Promise<RunResult<T>>
  /** Runs `fn` in a span `{operation} {model}` with the prompt's identity; see `TraceOptions`. */
  trace<T>(
    fn: (scope: TraceScope) => T | Promise<T>,
    options?: TraceOptions<Awaited<T>>,
  ): Promise<Traced<Awaited<T>>>
}

/** The implementation behind every `CanonPrompt`: small, allocated per `get`. */
export class PromptHandle {
  readonly name: string
  readonly version: number
  readonly label: string | undefined
  readonly variant: string | undefined
  readonly source: PromptSource
  readonly #loaded: LoadedVersion
  readonly #telemetry: Telemetry

  constructor(
    loaded: LoadedVersion,
    source: PromptSource,
    label: string | undefined,
    variant: string | undefined,
    telemetry: Telemetry,
  ) {
    this.name = loaded.name
    this.version = loaded.version
    this.label = label
    this.variant = variant
    this.source = source
    this.#loaded = loaded
    this.#telemetry = telemetry
  }

  get digest(): string {
    return this.#loaded.digest
  }

  get kind(): 'text' | 'chat' {
    return this.#loaded.compiled.kind
  }

  get deprecated(): boolean {
    return this.#loaded.deprecated
  }

  get definition(): Readonly<PromptDefinition> {
    return this.#loaded.definition
  }

  render(vars?: Record<string, unknown>): string | ChatMessage[] {
    const compiled = this.#loaded.compiled
    if (compiled.kind === 'text') return compiled.renderText(vars ?? {})
    const rendered = compiled.render(vars ?? {})
    return rendered.kind === 'chat' ? rendered.messages : rendered.text
  }

  safeParse<T = unknown>(output: unknown): ParseResult<T> {
    return this.#validator().check(output) as ParseResult<T>
  }

  parse<T = unknown>(output: unknown): T {
    const result = this.#validator().check(output)
    if (result.ok) return result.value as T
    throw new CanonError(
      'VALIDATION_FAILED',
      `prompt ${this.name} v${this.version}: the output does not match output.schema: ${result.errors.join('; ')}`,
      { details: { errors: result.errors } },
    )
  }

  run<T = unknown>(
    vars: Record<string, unknown>,
    callModel: (request: ModelRequest) => ModelReply | Promise<ModelReply>,
    options: RunOptions = {},
  ): Promise<RunResult<T>> {
    const rendered = this.render(vars)
    const first =
      typeof rendered === 'string'
        ? { messages: [{ role: 'user' as const, content: rendered }], text: rendered }
        : { messages: rendered }
    const retries = options.retries ?? this.#loaded.definition.output?.retries ?? 0
    return runWithRetries<T>(
      `${this.name} v${this.version}`,
      first,
      this.#loaded.validator(),
      retries,
      callModel,
    )
  }

  trace<T>(
    fn: (scope: TraceScope) => T | Promise<T>,
    options?: TraceOptions<Awaited<T>>,
  ): Promise<Traced<Awaited<T>>> {
    return this.#telemetry.trace(
      {
        name: this.name,
        version: this.version,
        label: this.label,
        variant: this.variant,
        digest: this.#loaded.digest,
        source: this.source,
        model: this.#loaded.definition.model,
      },
      fn,
      options,
    )
  }

  #validator() {
    const validator = this.#loaded.validator()
    if (!validator) {
      throw new CanonError(
        'BAD_REQUEST',
        `prompt ${this.name} v${this.version} has no output.schema to check output against`,
      )
    }
    return validator
  }

  toJSON() {
    const { name, version, label, variant, source, digest } = this
    return { name, version, label, variant, source, digest }
  }
}
