import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'

/**
 * One request header, lower-case `name`. Under @hono/node-server it is read from Node's parsed
 * `IncomingMessage` headers: going through `c.req.header()` builds a WHATWG `Headers` object per
 * request, a measurable cost on the hot path. Elsewhere (`app.request()` in tests) it falls back.
 */
export function incomingHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming
  if (!incoming) return c.req.header(name)
  const value = incoming.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}
