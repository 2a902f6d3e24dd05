import cliProgress from 'cli-progress'
import type { Io } from './io'

export interface Progress {
  update(done: number, total: number): void
  stop(): void
}

/**
 * A progress bar on stderr for long work, shown only on an interactive terminal and only once
 * the work is big enough to be worth watching; otherwise a no-op.
 */
export function startProgress(io: Io, label: string, minTotal = 50): Progress {
  if (!io.interactive) return { update() {}, stop() {} }
  let bar: cliProgress.SingleBar | undefined
  return {
    update(done, total) {
      if (!bar) {
        if (total < minTotal) return
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {value}/{total} {percentage}% | eta {eta}s`,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
        bar.start(total, done)
      }
      bar.update(done)
    },
    stop() {
      bar?.stop()
    },
  }
}
