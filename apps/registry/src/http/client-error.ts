/**
 * Requests Node's HTTP parser refuses never reach the app: a NUL, CR or LF in a header value, a
 * malformed request line, headers past the size limit. Node answers them with a bare `400` and
 * no body; this gives them the registry's problem+json like every other error.
 * @module
 */
import type { Server } from 'node:http'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { buildProblem, codeForStatus, PROBLEM_CONTENT_TYPE } from './problem'

/**
 * Answers parser errors on `server` with problem+json (`400`, `431` for oversized headers,
 * `408` for a request that timed out) and closes the connection.
 *
 * @example answerClientErrors(serve({ fetch: app.fetch, port }) as Server)
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
    const reason = (err as { reason?: unknown }).reason
    const detail = `malformed HTTP request: ${typeof reason === 'string' ? reason : err.message}${err.code ? ` (${err.code})` : ''}`
    const body = JSON.stringify(buildProblem(codeForStatus(status), detail, { status }))
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    )
  })
}
