/**
 * The one request check for text that cannot be stored (a NUL character or a lone surrogate:
 * `unsafeChar` in core), for every route: the path, the query string and JSON bodies. Postgres
 * refuses such text in `text` and `jsonb` columns, so without this check it surfaced as a 500
 * after the handler had started writing. YAML bodies are checked by the prompt loader (with
 * line:col), and OTLP spans one by one (a bad span is rejected, the batch is kept).
 * @module
 */
import { CanonError, describeTextPath, findUnsafeText, unsafeChar } from '@canon/core'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env'

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i
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
    if (url.includes('%')) checkUrl(c.req.path, url)
    if (WITH_BODY.has(c.req.method) && !skip.has(c.req.path)) await checkJsonBody(c)
    await next()
  }
}

function reject(where: string, reason: string): never {
  const message = `${where} ${reason}`
  throw new CanonError('BAD_REQUEST', message, {
    details: { errors: [{ path: where, message: reason }] },
  })
}

function checkUrl(path: string, url: string): void {
  // Hono has decoded the path (invalid UTF-8 stays percent-encoded, which no route accepts).
  if (unsafeChar(path)) {
    const segments = path.split('/')
    const index = segments.findIndex((s) => unsafeChar(s) !== undefined)
    const segment = segments[index] ?? ''
    reject(`path segment ${index} ${JSON.stringify(segment)}`, unsafeChar(segment)?.reason ?? '')
  }
  const q = url.indexOf('?')
  if (q === -1) return
  const hash = url.indexOf('#', q)
  for (const pair of url.slice(q + 1, hash === -1 ? undefined : hash).split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const rawName = eq === -1 ? pair : pair.slice(0, eq)
    const name = decodeQueryPart(rawName, `query parameter ${JSON.stringify(rawName)}`)
    const where = describeTextPath('query', [name])
    const nameProblem = unsafeChar(name)
    if (nameProblem) reject(`the name of ${where}`, nameProblem.reason)
    if (eq === -1) continue
    const value = decodeQueryPart(pair.slice(eq + 1), where)
    const valueProblem = unsafeChar(value)
    if (valueProblem) reject(where, valueProblem.reason)
  }
}

/** `+` is a space; percent-encoding must spell UTF-8 (a surrogate encoded as `%ED%A0%80` is not). */
function decodeQueryPart(raw: string, where: string): string {
  const text = raw.replaceAll('+', ' ')
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

async function checkJsonBody(c: Context<AppEnv>): Promise<void> {
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) return
  // Cached by Hono: the route's validator (or `c.req.text()`) reads the same text again.
  const text = await c.req.text()
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
