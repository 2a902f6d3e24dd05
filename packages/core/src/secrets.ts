/**
 * Finds strings that look like credentials, so a key pasted into a prompt never gets published.
 * Patterns are the providers' documented key shapes; the generic rule needs a key-like name,
 * an assignment and a high-entropy value, so prose does not trip it.
 * @module
 */

export type SecretKind =
  | 'openai-api-key'
  | 'anthropic-api-key'
  | 'aws-access-key-id'
  | 'github-token'
  | 'slack-token'
  | 'google-api-key'
  | 'stripe-secret-key'
  | 'private-key'
  | 'generic-secret'

export interface SecretMatch {
  /** Offset of the secret's first character in the scanned text. */
  index: number
  /** Length of the secret's text. */
  length: number
  kind: SecretKind
}

/** Human names for diagnostics. */
export const SECRET_KIND_LABELS: Record<SecretKind, string> = {
  'openai-api-key': 'an OpenAI API key',
  'anthropic-api-key': 'an Anthropic API key',
  'aws-access-key-id': 'an AWS access key id',
  'github-token': 'a GitHub token',
  'slack-token': 'a Slack token',
  'google-api-key': 'a Google API key',
  'stripe-secret-key': 'a Stripe secret key',
  'private-key': 'a private key',
  'generic-secret': 'a hard-coded secret',
}

interface Rule {
  kind: SecretKind
  re: RegExp
  /** Extra check on the matched token (group 1 when present, else the whole match). */
  accept?: (token: string) => boolean
}

const hasDigitAndLetter = (s: string) => /\d/.test(s) && /[A-Za-z]/.test(s)

const RULES: Rule[] = [
  { kind: 'private-key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  {
    kind: 'anthropic-api-key',
    re: /(?<![\w-])sk-ant-[A-Za-z0-9_-]{20,}/g,
    accept: hasDigitAndLetter,
  },
  {
    kind: 'openai-api-key',
    re: /(?<![\w-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
    accept: hasDigitAndLetter,
  },
  {
    kind: 'aws-access-key-id',
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  { kind: 'github-token', re: /(?<![\w])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}(?![\w])/g },
  { kind: 'github-token', re: /(?<![\w])github_pat_[A-Za-z0-9_]{22,}/g },
  { kind: 'slack-token', re: /(?<![\w])xox[abposr]-[A-Za-z0-9-]{10,}/g, accept: hasDigitAndLetter },
  { kind: 'google-api-key', re: /(?<![\w])AIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  { kind: 'stripe-secret-key', re: /(?<![\w])(?:sk|rk)_live_[0-9A-Za-z]{16,}/g },
  {
    kind: 'generic-secret',
    re: /(?:api[_-]?key|apikey|secret(?:[_-]?key)?|access[_-]?token|auth[_-]?token|password|passwd|client[_-]?secret)["']?\s*[:=]\s*["']?([A-Za-z0-9_\-+/=.]{16,})/gi,
    accept: (t) => hasDigitAndLetter(t) && entropy(t) >= 3.5,
  },
]

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>()
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let h = 0
  for (const n of counts.values()) {
    const p = n / s.length
    h -= p * Math.log2(p)
  }
  return h
}

/**
 * Spots API keys and private keys in text.
 * @example scanSecrets('key: sk-proj-abc123def456ghi789jkl012')[0]?.kind // 'openai-api-key'
 */
export function scanSecrets(text: string): SecretMatch[] {
  const found: SecretMatch[] = []
  for (const rule of RULES) {
    rule.re.lastIndex = 0
    for (const m of text.matchAll(rule.re)) {
      const token = m[1] ?? m[0]
      if (rule.accept && !rule.accept(token)) continue
      const index = (m.index ?? 0) + (m[1] === undefined ? 0 : m[0].lastIndexOf(token))
      // The same characters matched by a more specific rule are reported once.
      if (found.some((f) => index < f.index + f.length && f.index < index + token.length)) continue
      found.push({ index, length: token.length, kind: rule.kind })
    }
  }
  return found.sort((a, b) => a.index - b.index)
}

/** A secret's first characters, safe to print: `sk-proj-ab…`. */
export function redactSecret(text: string, match: SecretMatch): string {
  const token = text.slice(match.index, match.index + match.length)
  if (match.kind === 'private-key') return token
  return `${token.slice(0, Math.min(10, Math.floor(token.length / 3)))}…`
}
