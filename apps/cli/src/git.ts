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
  const checkout = checkoutOf(cwd)
  return checkout
    ? { commit: checkout.commit, path: relative(checkout.top, file) }
    : { path: relative(cwd, file) }
}

// One publish run asks for every file; git is asked once per folder (two processes each time
// was a noticeable part of `canon serve` seeding the examples on a busy machine).
const checkouts = new Map<string, { top: string; commit: string } | undefined>()

function checkoutOf(cwd: string): { top: string; commit: string } | undefined {
  if (checkouts.has(cwd)) return checkouts.get(cwd)
  let checkout: { top: string; commit: string } | undefined
  try {
    const [top, commit] = execFileSync('git', ['rev-parse', '--show-toplevel', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .trim()
      .split('\n')
    checkout = top && commit ? { top, commit } : undefined
  } catch {
    checkout = undefined
  }
  checkouts.set(cwd, checkout)
  return checkout
}
