/**
 * Turns what the registry (or a snapshot file) sent into a version the SDK may run: the
 * definition is validated with the same rules as `canon validate`, its digest recomputed, and
 * its templates compiled, which rejects unsafe templates (SPEC §1). A compromised registry can
 * send a bad prompt, never code that runs in the app.
 * @module
 */
import {
  CanonError,
  type CompiledPrompt,
  compilePrompt,
  normalizePrompt,
  type PromptDefinition,
  promptDigest,
} from '@canon/core'
import { type OutputValidator, outputValidator } from './output/validate-output'

/** A version checked and compiled, shared by every prompt object served from it. */
export interface LoadedVersion {
  readonly name: string
  readonly version: number
  readonly digest: string
  readonly definition: PromptDefinition
  readonly compiled: CompiledPrompt
  /** The registry sent a `Deprecation` header (or the snapshot said `deprecated`). */
  readonly deprecated: boolean
  /** The `output.schema` validator, compiled on first use. */
  validator(): OutputValidator | undefined
}

/** The fields of a version the SDK reads (`GET …/versions/{v}`, `…/labels/{l}`, snapshot entries). */
interface VersionBody {
  name: string
  version: number
  digest: string
  status?: string
  definition: unknown
}

function isVersionBody(value: unknown): value is VersionBody {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.name === 'string' &&
    Number.isInteger(v.version) &&
    typeof v.digest === 'string' &&
    typeof v.definition === 'object' &&
    v.definition !== null
  )
}

/**
 * Versions already checked, by digest: a label that moves back and forth, or the same version
 * reached by label and by number, is validated and compiled once.
 */
export class VersionLoader {
  readonly #byDigest = new Map<string, LoadedVersion>()

  /**
   * Checks one version body. Throws `VALIDATION_FAILED` (bad shape, invalid definition, digest
   * mismatch) or `TEMPLATE_UNSAFE`, naming `origin`.
   */
  load(body: unknown, origin: string, deprecated = false): LoadedVersion {
    if (!isVersionBody(body)) {
      throw new CanonError(
        'VALIDATION_FAILED',
        `${origin}: expected a prompt version ({ name, version, digest, definition })`,
      )
    }
    const known = this.#byDigest.get(body.digest)
    const isDeprecated = deprecated || body.status === 'deprecated'
    if (known && known.name === body.name && known.version === body.version) {
      return known.deprecated === isDeprecated ? known : { ...known, deprecated: isDeprecated }
    }
    const loaded = check(body, origin, isDeprecated)
    this.#byDigest.set(loaded.digest, loaded)
    return loaded
  }
}

function check(body: VersionBody, origin: string, deprecated: boolean): LoadedVersion {
  const id = `${body.name} v${body.version}`
  let definition: PromptDefinition
  try {
    definition = normalizePrompt(body.definition, { file: `${origin} (${id})` })
  } catch (err) {
    throw new CanonError(
      'VALIDATION_FAILED',
      `${origin}: prompt ${id} is not a valid definition: ${(err as Error).message}`,
      { cause: err },
    )
  }
  if (definition.name !== body.name || definition.version !== body.version) {
    throw new CanonError(
      'VALIDATION_FAILED',
      `${origin}: asked for ${id}, the definition is ${definition.name} v${definition.version}`,
    )
  }
  const digest = promptDigest(definition)
  if (digest !== body.digest) {
    throw new CanonError(
      'VALIDATION_FAILED',
      `${origin}: prompt ${id} does not match its digest (sent ${body.digest}, content ${digest})`,
    )
  }
  // Throws TEMPLATE_UNSAFE for templates that reach for constructors, prototypes or calls.
  const compiled = compilePrompt(definition)
  let validator: OutputValidator | undefined | null = null
  return {
    name: definition.name,
    version: definition.version,
    digest,
    definition,
    compiled,
    deprecated,
    validator() {
      if (validator === null) validator = outputValidator(definition)
      return validator
    },
  }
}
