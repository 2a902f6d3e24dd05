/** The CLI's exit codes (README, "The CLI"): scripts and CI branch on these. */
export const EXIT = {
  OK: 0,
  /** The check failed: an invalid file, a failed gate, a publish conflict. */
  CHECK_FAILED: 1,
  /** Usage or configuration error: a bad flag, a missing file, an unreachable registry. */
  USAGE: 2,
  /** Evaluation inconclusive: not enough evidence either way. */
  INCONCLUSIVE: 3,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
