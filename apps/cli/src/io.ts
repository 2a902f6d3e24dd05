/**
 * What a command may touch of the outside world. Tests pass a recording Io;
 * `bin.ts` passes the process.
 */
export interface Io {
  out(text: string): void
  err(text: string): void
  /** Whether stderr is an interactive terminal (progress bars, colours). */
  interactive: boolean
  cwd: string
  env: Record<string, string | undefined>
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
    cwd: process.cwd(),
    env: process.env,
  }
}

/** An Io that records everything, for tests. */
export function memoryIo(overrides: Partial<Io> = {}): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text
    },
    err(text: string) {
      io.stderr += text
    },
    interactive: false,
    cwd: process.cwd(),
    env: {},
    ...overrides,
  }
  return io
}
