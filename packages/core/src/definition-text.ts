/**
 * A prompt definition as YAML-like text, keys in the order people write them in a prompt file
 * and templates as literal blocks: the form in which a line diff between two versions reads
 * well. The registry stores definitions as JSON whose key order is not kept, so the order comes
 * from here, not from the stored object. `canon diff` and the dashboard's compare page both show
 * this text. No dependencies: the dashboard imports it in the browser.
 * @module
 */

/**
 * Key order per place in a definition (`*` = any input name, any list item). Keys not listed
 * follow, sorted. The normalizer builds definitions in this same order.
 */
export const DEFINITION_KEY_ORDER = {
  '': [
    'name',
    'version',
    'description',
    'tags',
    'owners',
    'inputs',
    'model',
    'template',
    'messages',
    'output',
    'budget',
    'evaluation',
  ],
  'inputs.*': ['type', 'required', 'default', 'enum', 'maxLength', 'pattern', 'description'],
  model: ['provider', 'name', 'temperature', 'max_tokens', 'top_p', 'stop'],
  'messages.*': ['role', 'content'],
  output: ['schema', 'retries'],
  budget: ['max_input_tokens', 'max_cost_usd'],
  evaluation: ['dataset', 'fixtures', 'judge', 'embeddings', 'assertions', 'gate'],
  'evaluation.judge': ['provider', 'model'],
  'evaluation.embeddings': ['provider', 'model'],
  'evaluation.assertions.*': ['type', 'value', 'weight', 'threshold', 'metric'],
  'evaluation.gate': ['min_pass_rate', 'margin', 'alpha'],
} as const satisfies Record<string, readonly string[]>

const KEY_ORDER: Readonly<Record<string, readonly string[]>> = DEFINITION_KEY_ORDER

/** JSON Schema keywords in the order schemas are usually written (inside `output.schema`). */
const SCHEMA_KEY_ORDER = [
  '$schema',
  '$id',
  'title',
  'description',
  'type',
  'enum',
  'const',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'additionalProperties',
  'oneOf',
  'anyOf',
  'allOf',
]

/** Where a key's children sit: `inputs.ticket` → `inputs.*`, `messages.0` → `messages.*`. */
function orderFor(path: readonly string[]): readonly string[] | undefined {
  if (path[0] === 'output' && path[1] === 'schema') {
    // Under `properties`, the keys are property names: sorted, not keywords.
    return path.length > 2 && path[path.length - 1] === 'properties' ? [] : SCHEMA_KEY_ORDER
  }
  const generic = path.map((p, i) =>
    (i === 1 && path[0] === 'inputs') || /^\d+$/.test(p) ? '*' : p,
  )
  return KEY_ORDER[generic.join('.')]
}

/**
 * Keys of an object in file order: the known ones for its place first, then the rest sorted.
 * @example orderedKeys({ name: 'gpt-4o', provider: 'openai' }, ['model']) // ['provider', 'name']
 */
export function orderedKeys(value: Record<string, unknown>, path: readonly string[]): string[] {
  const known: readonly string[] = orderFor(path) ?? []
  const keys = Object.keys(value)
  return [
    ...known.filter((k) => keys.includes(k)),
    ...keys.filter((k) => !known.includes(k)).sort(),
  ]
}

/**
 * `definition` → YAML-like text in file order (stable across versions, so unchanged parts diff
 * as equal), `evaluation` included.
 * @example
 * definitionText({ version: 2, name: 'Greet', template: 'Hi {{ who }}\n' })
 * // 'name: Greet\nversion: 2\ntemplate: |\n  Hi {{ who }}\n'
 */
export function definitionText(definition: Record<string, unknown>): string {
  const lines: string[] = []
  for (const key of orderedKeys(definition, [])) emit(lines, key, definition[key], '', [key])
  return `${lines.join('\n')}\n`
}

const PLAIN = /^[A-Za-z0-9_./@+-][A-Za-z0-9_ ./@+,:()-]*$/

function scalar(value: unknown): string {
  if (typeof value === 'string') {
    return PLAIN.test(value) && !/:\s|\s$/.test(value) ? value : JSON.stringify(value)
  }
  if (value === null || value === undefined) return 'null'
  return String(value)
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object'
}

function emit(lines: string[], key: string, value: unknown, indent: string, path: string[]) {
  const head = `${indent}${key}:`
  if (typeof value === 'string' && value.includes('\n')) {
    lines.push(`${head} |`)
    for (const line of value.replace(/\n$/, '').split('\n')) {
      lines.push(line === '' ? '' : `${indent}  ${line}`)
    }
  } else if (Array.isArray(value)) {
    if (value.length === 0) lines.push(`${head} []`)
    else if (value.every(isScalar) && value.join(', ').length <= 80) {
      lines.push(`${head} [${value.map(scalar).join(', ')}]`)
    } else {
      lines.push(head)
      value.forEach((item, i) => {
        emitItem(lines, item, `${indent}  `, [...path, String(i)])
      })
    }
  } else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>
    const keys = orderedKeys(object, path)
    if (keys.length === 0) lines.push(`${head} {}`)
    else {
      lines.push(head)
      for (const k of keys) emit(lines, k, object[k], `${indent}  `, [...path, k])
    }
  } else {
    lines.push(`${head} ${scalar(value)}`)
  }
}

function emitItem(lines: string[], item: unknown, indent: string, path: string[]) {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const object = item as Record<string, unknown>
    const keys = orderedKeys(object, path)
    keys.forEach((k, i) => {
      const start = lines.length
      emit(lines, k, object[k], `${indent}  `, [...path, k])
      // The first key of a list item sits on the dash line: `- role: system`.
      if (i === 0) lines[start] = `${indent}- ${(lines[start] ?? '').trimStart()}`
    })
    if (keys.length === 0) lines.push(`${indent}- {}`)
  } else if (Array.isArray(item)) {
    lines.push(`${indent}- ${JSON.stringify(item)}`)
  } else if (typeof item === 'string' && item.includes('\n')) {
    lines.push(`${indent}- |`)
    for (const line of item.split('\n')) lines.push(`${indent}    ${line}`)
  } else {
    lines.push(`${indent}- ${scalar(item)}`)
  }
}
