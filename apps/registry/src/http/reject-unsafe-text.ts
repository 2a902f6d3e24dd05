/**
 * The one request check for text that cannot be stored (a NUL character or a lone surrogate:
 * `unsafeChar` in core), for every route: the path, the query string, and JSON and YAML bodies,
 * which must also be UTF-8 (bytes such as ED A0 80, a surrogate, would otherwise be replaced
 * without a word). Postgres refuses such text in `text` and `jsonb` columns, so without this
 * check it surfaced as a 500 after the handler had started writing. What YAML escapes spell
 * (`"\0"`, `"\ud800"`) the prompt loader reports with line:col; OTLP checks spans one by one
 * (a bad span is rejected, the batch is kept).
 * @module
 */
import { CanonError, describeTextPath, findUnsafeText, unsafeChar } from '@canon/core'
import { decodeUtf8 } from '@canon/core/node'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env'

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i
/** Text bodies (YAML prompt files): checked as text; the loader checks what escapes spell. */
const TEXT_TYPE = /^(?:text\/[\w.+-]+|application\/(?:x-)?yaml)\s*(?:;|$)/i
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface UnsafeTextOptions {
  /** Paths whose JSON bodies are checked by their route instead (OTLP: per span). */
  skipBodyPaths?: readonly string[]
}

/**
 * `400` problem+json naming the parameter or field (`query.search`, `body.scores.0.comment`)
 * and why, before any handler runs.
 *
 * @example app.use(rejectUnsafeText({ skipBodyPaths: ['/v1/traces'] }))
 */
export function rejectUnsafeText(options: UnsafeTextOptions = {}): MiddlewareHandler<AppEnv> {
  const skip = new Set(options.skipBodyPaths ?? [])
  return async function unsafeText(c, next) {
    const url = c.req.url
    // Percent-encoding is the only way either character reaches a URL: the common URL without
    // `%` costs one scan.
    if (url.includes('%')) checkUrl(url)
    if (WITH_BODY.has(c.req.method) && !skip.has(c.req.path)) await checkBody(c)
    await next()
  }
}

function reject(where: string, reason: string): never {
  const message = `${where} ${reason}`
  throw new CanonError('BAD_REQUEST', message, {
    details: { errors: [{ path: where, message: reason }] },
  })
}

function checkUrl(url: string): void {
  const q = url.indexOf('?')
  const pathStart = url.indexOf('/', url.indexOf('//') + 2)
  const rawPath = url.slice(pathStart, q === -1 ? undefined : q)
  if (rawPath.includes('%')) {
    rawPath.split('/').forEach((raw, index) => {
      const where = `path segment ${index} ${JSON.stringify(raw)}`
      const segment = decodePart(raw, where)
      const bad = unsafeChar(segment)
      if (bad) reject(where, bad.reason)
    })
  }
  if (q === -1) return
  const hash = url.indexOf('#', q)
  for (const pair of url.slice(q + 1, hash === -1 ? undefined : hash).split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const rawName = eq === -1 ? pair : pair.slice(0, eq)
    const name = decodePart(rawName, `query parameter ${JSON.stringify(rawName)}`, true)
    const where = describeTextPath('query', [name])
    const nameProblem = unsafeChar(name)
    if (nameProblem) reject(`the name of ${where}`, nameProblem.reason)
    if (eq === -1) continue
    const value = decodePart(pair.slice(eq + 1), where, true)
    const valueProblem = unsafeChar(value)
    if (valueProblem) reject(where, valueProblem.reason)
  }
}

/** In queries `+` is a space; percent-encoding must spell UTF-8 (a surrogate encoded as `%ED%A0%80` is not). */
function decodePart(raw: string, where: string, plusIsSpace = false): string {
  const text = plusIsSpace ? raw.replaceAll('+', ' ') : raw
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return reject(
      where,
      'is not valid percent-encoded UTF-8 (an encoded lone surrogate such as %ED%A0%80 is not UTF-8)',
    )
  }
}

async function checkBody(c: Context<AppEnv>): Promise<void> {
  const type = c.req.header('content-type') ?? ''
  const isJson = JSON_TYPE.test(type)
  if (!isJson && !TEXT_TYPE.test(type)) return
  // Read once as bytes (Hono caches them for the route): decoding leniently would turn bytes
  // that are not UTF-8, such as a surrogate encoded as ED A0 80, into U+FFFD without a word.
  const decoded = decodeUtf8(new Uint8Array(await c.req.arrayBuffer()))
  if (!decoded.ok) {
    const hex = decoded.byte.toString(16).toUpperCase().padStart(2, '0')
    reject(
      `body at ${decoded.line}:${decoded.col}`,
      `is not valid UTF-8 (byte 0x${hex}; a lone surrogate encoded as ED A0 80 is not UTF-8)`,
    )
  }
  const text = decoded.text
  if (!isJson) {
    const bad = unsafeChar(text)
    if (bad) {
      const before = text.slice(0, bad.offset)
      const line = before.split('\n').length
      const col = bad.offset - before.lastIndexOf('\n')
      reject(`body at ${line}:${col}`, bad.reason.replace(/ at offset \d+/, ''))
    }
    return
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return // Malformed JSON: the route says so, with its position.
  }
  const bad = findUnsafeText(value)
  if (!bad) return
  const where = describeTextPath('body', bad.path)
  reject(bad.at === 'key' ? `the key ${where}` : where, bad.reason)
}
