import type { Io } from './io'

export type OutputFormat = 'text' | 'json'

export const FORMATS: readonly OutputFormat[] = ['text', 'json']

/** Writes a JSON document for scripts: stable, two-space indented, one trailing newline. */
export function writeJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`)
}
