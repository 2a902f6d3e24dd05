import { createServer, type Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerClientErrors } from './client-error'

/** Sends raw bytes (no client library would send these headers) and reads the whole answer. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request, 'latin1'))
    let answer = ''
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8')
    })
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
}

describe('requests the HTTP parser refuses', () => {
  let server: Server
  let port = 0
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'))
    answerClientErrors(server)
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((done) => server.close(() => done())))

  it.each([
    ['a NUL in a header the app reads', 'Authorization: Bearer a\u0000b'],
    ['a NUL in X-Request-Id', 'X-Request-Id: id\u0000'],
    ['a NUL in a header name', 'X-A\u0000: 1'],
  ])('%s is a 400 problem, not a bare 400', async (_, header) => {
    const answer = await raw(port, `GET /v1/prompts HTTP/1.1\r\nHost: x\r\n${header}\r\n\r\n`)
    const [head = '', body = ''] = answer.split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    expect(head).toContain('content-type: application/problem+json')
    expect(JSON.parse(body)).toMatchObject({
      status: 400,
      type: 'urn:canon:problem:bad-request',
      detail: expect.stringMatching(/^malformed HTTP request: .*\(HPE_/),
    })
  })

  it('headers past the size limit are a 431 problem', async () => {
    const answer = await raw(
      port,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    )
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toMatchObject({ status: 431 })
  })

  it('the server keeps answering good requests', async () => {
    expect(await raw(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 200 OK[\s\S]*ok$/,
    )
  })
})
