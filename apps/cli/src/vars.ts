import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CanonError, type InputSpec } from '@canon/core'
import yaml from 'js-yaml'

/**
 * Reads `--vars-file` (JSON or YAML object) and `--var k=v` pairs into one object; `--var`
 * wins. Values from `--var` are strings on the command line, so they are converted to the type
 * the prompt declares (`--var count=3` gives 3 for an integer input; arrays and objects take JSON).
 */
export function collectVars(
  cwd: string,
  pairs: readonly string[],
  varsFile: string | undefined,
  inputs: Record<string, InputSpec>,
): Record<string, unknown> {
  const vars: Record<string, unknown> = varsFile ? readVarsFile(resolve(cwd, varsFile)) : {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0) {
      throw new CanonError('BAD_REQUEST', `--var expects key=value, got \`${pair}\``)
    }
    const key = pair.slice(0, eq)
    vars[key] = coerce(key, pair.slice(eq + 1), inputs[key])
  }
  return vars
}

function readVarsFile(path: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new CanonError('BAD_REQUEST', `--vars-file: cannot read ${path}`)
  }
  let value: unknown
  try {
    value = path.endsWith('.json') ? JSON.parse(text) : yaml.load(text)
  } catch (err) {
    throw new CanonError(
      'BAD_REQUEST',
      `--vars-file ${path}: ${(err as Error).message.split('\n')[0]}`,
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CanonError('BAD_REQUEST', `--vars-file ${path}: expected an object of variables`)
  }
  return value as Record<string, unknown>
}

function coerce(key: string, raw: string, spec: InputSpec | undefined): unknown {
  switch (spec?.type) {
    case 'number':
    case 'integer': {
      const n = Number(raw)
      if (raw.trim() === '' || Number.isNaN(n)) {
        throw new CanonError('BAD_REQUEST', `--var ${key}: expected a number, got \`${raw}\``)
      }
      return n
    }
    case 'boolean':
      if (raw === 'true') return true
      if (raw === 'false') return false
      throw new CanonError('BAD_REQUEST', `--var ${key}: expected true or false, got \`${raw}\``)
    case 'array':
    case 'object':
      try {
        return JSON.parse(raw)
      } catch {
        throw new CanonError(
          'BAD_REQUEST',
          `--var ${key}: expected JSON for an ${spec.type}, got \`${raw}\``,
        )
      }
    default:
      return raw
  }
}
