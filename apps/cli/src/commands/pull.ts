import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import type { Io } from '../io'
import type { RegistryClient } from '../registry-client'

interface Snapshot {
  label: string
  prompts: Array<{ name: string; version: number }>
  [key: string]: unknown
}

/**
 * `canon pull [--label production] --out f`: every prompt at a label in one file, the SDK's
 * fallback when the registry is unreachable. Written atomically, so a failed pull never leaves a
 * half-written snapshot behind.
 */
export async function pullCommand(
  io: Io,
  options: { label: string; out: string; format: OutputFormat },
  client: RegistryClient,
): Promise<ExitCode> {
  const res = await client.request<Snapshot>(
    'GET',
    `/v1/snapshot?label=${encodeURIComponent(options.label)}`,
  )
  const out = resolve(io.cwd, options.out)
  mkdirSync(dirname(out), { recursive: true })
  const tmp = `${out}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(res.body, null, 2)}\n`)
  renameSync(tmp, out)
  const count = res.body.prompts.length
  if (options.format === 'json') {
    writeJson(io, { out: options.out, label: options.label, prompts: count })
  } else {
    io.out(
      `wrote ${count} prompt${count === 1 ? '' : 's'} at @${options.label} to ${options.out}\n`,
    )
  }
  return EXIT.OK
}
