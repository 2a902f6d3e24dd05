/**
 * Structured logging behind a small interface: one JSON object per line in production, nothing in
 * tests. Inject a `Logger`; never import a singleton.
 * @module
 */
import type { LogLevel } from './config'

export type LogFields = Record<string, unknown>

/** What the registry logs through. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

/**
 * A logger writing one JSON line per entry (`{"level","time","msg",...fields}`).
 * @example const logger = createJsonLogger({ level: 'info' })
 */
export function createJsonLogger(options: {
  level: LogLevel
  /** Where lines go; defaults to standard output. */
  write?: (line: string) => void
  now?: () => Date
}): Logger {
  const min = RANK[options.level]
  const write = options.write ?? ((line: string) => process.stdout.write(line))
  const now = options.now ?? (() => new Date())
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields?: LogFields): void => {
      if (RANK[level] < min) return
      // One line per request: the fixed members are written by hand, fields serialized once.
      const head = `{"level":"${level}","time":"${now().toISOString()}","msg":${JSON.stringify(msg)}`
      const rest = fields ? stringifyFields(fields) : '{}'
      write(rest === '{}' ? `${head}}\n` : `${head},${rest.slice(1)}\n`)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
}

/** Fields as a JSON object; Errors keep name, message and stack; unserializable → `{}`. */
function stringifyFields(fields: LogFields): string {
  try {
    // A replacer costs a call per key; only fields carrying an Error need one.
    let hasError = false
    for (const key in fields) if (fields[key] instanceof Error) hasError = true
    if (!hasError) return JSON.stringify(fields)
    return JSON.stringify(fields, (_key, value) =>
      value instanceof Error
        ? { name: value.name, message: value.message, stack: value.stack }
        : value,
    )
  } catch {
    return '{}'
  }
}
