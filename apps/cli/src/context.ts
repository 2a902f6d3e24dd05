import { type Command, Option } from 'commander'
import { loadClientConfig } from './config'
import type { ExitCode } from './exit-codes'
import { FORMATS } from './format'
import type { Io } from './io'
import { RegistryClient } from './registry-client'

/** What every command's `register…(program, ctx)` gets: the outside world and a way to exit. */
export interface CliContext {
  io: Io
  setExit(code: ExitCode): void
  clientFor(flags: RegistryFlags): RegistryClient
}

export interface RegistryFlags {
  registry?: string
  apiKey?: string
}

export function createContext(io: Io, setExit: (code: ExitCode) => void): CliContext {
  return {
    io,
    setExit,
    clientFor: (flags) => new RegistryClient(loadClientConfig(io.env, io.cwd, flags)),
  }
}

/** `--registry` and `--api-key`, for commands that talk to a registry. */
export function withRegistryOptions(cmd: Command): Command {
  return cmd
    .option(
      '--registry <url>',
      'registry URL (env CANON_REGISTRY_URL, default http://localhost:4280)',
    )
    .option('--api-key <key>', 'API key (env CANON_API_KEY)')
}

export function formatOption(): Option {
  return new Option('--format <format>', 'output format: text for people, json for scripts')
    .choices(FORMATS)
    .default('text')
}

/**
 * An option the command cannot run without. Commander enforces `requiredOption` but its help
 * shows it like any other, so the description says it.
 * @example cmd.usage('--out <file> [options]').addOption(requiredOption('--out <file>', 'where to write'))
 */
export function requiredOption(flags: string, description: string): Option {
  return new Option(flags, `${description} (required)`).makeOptionMandatory()
}
