/**
 * Request body limits that a client actually gets to read. Answering before the client has sent
 * its whole body and then closing the socket makes the server's kernel reset the connection,
 * and the reset can discard the answer the client had not read yet: Node's `fetch` saw "other
 * side closed" instead of the 413. (Hono's `bodyLimit` answers at once; @hono/node-server then
 * drains for at most 500 ms and destroys the socket.) So a body over the limit is read to its
 * end and thrown away, up to a cap, before the 413 goes out, and so is any body a route answered
 * without reading (a 401, a 415).
 * @module
 */
import { CanonError } from '@canon/core'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env'

/** Most bytes read and discarded from a refused body; past this the connection is closed. */
export const MAX_DRAIN_BYTES = 64 << 20
/** Longest time spent discarding a refused body (a client trickling bytes is cut off). */
export const MAX_DRAIN_MS = 30_000

export interface BodyLimitOptions {
  /** Largest body accepted; larger is `413`. */
  maxBytes: number
  /** Defaults: {@link MAX_DRAIN_BYTES}, {@link MAX_DRAIN_MS}. */
  drainBytes?: number
  drainMs?: number
}

/**
 * `413` problem+json for a body over `maxBytes` (declared by `Content-Length` or counted while
 * streaming), sent once the body has been read and discarded (at most `drainBytes` in
 * `drainMs`; beyond that the answer says `Connection: close`).
 *
 * @example app.post('/upload', limitBody({ maxBytes: 1 << 20 }), handler)
 */
export function limitBody(options: BodyLimitOptions): MiddlewareHandler<AppEnv> {
  const { maxBytes } = options
  const drainBytes = options.drainBytes ?? MAX_DRAIN_BYTES
  const drainMs = options.drainMs ?? MAX_DRAIN_MS
  const tooLarge = () =>
    new CanonError(
      'PAYLOAD_TOO_LARGE',
      `request body is larger than the limit of ${maxBytes} bytes`,
    )

  return async function bodyLimit(c, next) {
    const raw = c.req.raw
    const body = raw.body
    if (!body) return next()
    const declared = raw.headers.has('transfer-encoding')
      ? undefined
      : Number.parseInt(raw.headers.get('content-length') ?? '', 10)
    if (declared !== undefined && Number.isFinite(declared)) {
      if (declared <= maxBytes) return next()
      if (declared - maxBytes > drainBytes) c.header('connection', 'close')
      else if (!(await discard(body.getReader(), drainBytes, drainMs)))
        c.header('connection', 'close')
      throw tooLarge()
    }
    // Streamed (chunked): count while buffering, like Hono's `bodyLimit`.
    const reader = body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      if (size > maxBytes) {
        if (!(await discard(reader, drainBytes, drainMs))) c.header('connection', 'close')
        throw tooLarge()
      }
      chunks.push(value)
    }
    c.req.raw = new Request(raw, { body: concat(chunks, size) })
    return next()
  }
}

/**
 * For methods with a body: answers only once the request body has been read, so an early answer
 * (401, 403, 415) reaches the client instead of a reset. A body no route read is discarded, up
 * to the same caps as {@link limitBody}.
 *
 * @example app.on(['PUT', 'PATCH', 'POST'], '*', drainUnreadBody())
 */
export function drainUnreadBody(
  options: { drainBytes?: number; drainMs?: number } = {},
): MiddlewareHandler<AppEnv> {
  const drainBytes = options.drainBytes ?? MAX_DRAIN_BYTES
  const drainMs = options.drainMs ?? MAX_DRAIN_MS
  return async function drainBody(c, next) {
    const raw = c.req.raw
    await next()
    const body = raw.body
    if (!body || raw.bodyUsed || body.locked) return
    if (!(await discard(body.getReader(), drainBytes, drainMs))) {
      c.res.headers.set('connection', 'close')
    }
  }
}

/** Reads to the end and drops the bytes; false when the caps stopped it first. */
async function discard(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
  maxMs: number,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), maxMs)
    timer.unref?.()
  })
  let read = 0
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timeout])
      if (next === 'timeout') return false
      if (next.done) return true
      read += next.value.length
      if (read > maxBytes) return false
    }
  } catch {
    return false // The client went away: nothing left to answer.
  } finally {
    clearTimeout(timer)
    reader.releaseLock()
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}
