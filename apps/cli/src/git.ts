import { execFileSync } from 'node:child_process'
import { relative } from 'node:path'

export interface GitSource {
  commit?: string
  /** Repo-relative path of the file. */
  path: string
}

/**
 * Where a prompt file came from, recorded with the published version. Outside a git checkout
 * the commit is simply absent.
 */
export function gitSource(cwd: string, file: string): GitSource {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
    return { commit, path: relative(top, file) }
  } catch {
    return { path: relative(cwd, file) }
  }
}
