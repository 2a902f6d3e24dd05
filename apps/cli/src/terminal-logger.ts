import type { Logger, LogLevel } from '@canon/registry'
import pc from 'picocolors'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

/**
 * The registry's log for a person at a terminal: one short line per entry, a request as
 * `12:00:01  GET /v1/prompts/:name 200 1.4 ms`, anything else as `12:00:01  warn  message
 * key=value`. Scripts and containers get the JSON logger instead (`createJsonLogger`).
 * @example
 * const logger = createTerminalLogger({ level: 'info', write: (line) => process.stdout.write(line) })
 */
export function createTerminalLogger(options: {
  level: LogLevel
  write: (line: string) => void
  color?: boolean
  now?: () => Date
}): Logger {
  const min = RANK[options.level]
  const c = pc.createColors(options.color ?? false)
  const now = options.now ?? (() => new Date())
  const paint: Record<string, (s: string) => string> = {
    debug: c.dim,
    info: c.cyan,
    warn: c.yellow,
    error: c.red,
  }
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}): void => {
      if (RANK[level] < min) return
      const time = c.dim(now().toTimeString().slice(0, 8))
      if (msg === 'request' && typeof fields.method === 'string') {
        const status = Number(fields.status)
        const shade = status >= 500 ? c.red : status >= 400 ? c.yellow : (s: string) => s
        options.write(
          `${time}  ${fields.method} ${String(fields.route)} ${shade(String(fields.status))} ${c.dim(`${String(fields.durationMs)} ms`)}\n`,
        )
        return
      }
      const rest = Object.entries(fields)
        .map(([key, value]) => `${key}=${describe(value)}`)
        .join(' ')
      const tag = (paint[level] ?? String)(level.padEnd(5))
      options.write(`${time}  ${tag} ${msg}${rest ? `  ${c.dim(rest)}` : ''}\n`)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

function describe(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message)
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
