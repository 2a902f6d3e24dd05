import type { JsonSchema } from '@canon/core'
import Ajv from 'ajv'
import Ajv2019 from 'ajv/dist/2019'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'

type AnyAjv = InstanceType<typeof Ajv>
type Validate = (data: unknown) => string[]

const instances = new Map<string, AnyAjv>()
const compiled = new WeakMap<object, Validate>()

/** Draft by `$schema` (2020-12, 2019-09, else draft-07), as the prompt loader does. */
function ajvFor(schema: JsonSchema): AnyAjv {
  const declared =
    typeof schema === 'object' && typeof schema.$schema === 'string' ? schema.$schema : ''
  const draft = declared.includes('2020-12') ? '2020' : declared.includes('2019-09') ? '2019' : '07'
  let ajv = instances.get(draft)
  if (!ajv) {
    const options = { allErrors: true, strict: false }
    ajv =
      draft === '2020'
        ? new Ajv2020(options)
        : draft === '2019'
          ? new Ajv2019(options)
          : new Ajv(options)
    addFormats(ajv as Parameters<typeof addFormats>[0])
    instances.set(draft, ajv)
  }
  return ajv
}

/**
 * A validator for `schema` returning readable problems (`/urgency must be equal to one of the
 * allowed values: low, medium, high`), compiled once per schema object.
 * @throws Error when the schema does not compile
 */
export function schemaValidator(schema: JsonSchema): Validate {
  const key = typeof schema === 'object' ? schema : undefined
  const cached = key ? compiled.get(key) : undefined
  if (cached) return cached
  const validate = ajvFor(schema).compile(schema)
  const run: Validate = (data) => {
    if (validate(data)) return []
    return (validate.errors ?? []).map((e) => {
      const where = e.instancePath === '' ? 'output' : e.instancePath
      const allowed = Array.isArray(e.params.allowedValues)
        ? `: ${e.params.allowedValues.join(', ')}`
        : ''
      const extra =
        typeof e.params.additionalProperty === 'string'
          ? ` (\`${e.params.additionalProperty}\`)`
          : ''
      return `${where} ${e.message ?? 'is invalid'}${allowed}${extra}`
    })
  }
  if (key) compiled.set(key, run)
  return run
}
