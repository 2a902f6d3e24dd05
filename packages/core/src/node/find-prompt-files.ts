/**
 * Finds prompt files under files and folders (SPEC §1: a `*.yaml` / `*.yml` with `name` and
 * `version`). Other YAML in a folder — fixtures, CI configs — is skipped.
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { mapLimit } from './map-limit'
import { MAX_PROMPT_FILE_BYTES } from './read-prompt-text'

const YAML_FILE = /\.ya?ml$/i
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.canon', '.cache', 'dist'])
const CHAT_OR_TEXT_KEYS = ['template', 'messages', 'input_variables']

/**
 * Whether a YAML text is meant as a prompt: it has top-level `name` and `version`, or a
 * `template` / `messages` / `input_variables` key (a prompt missing its name is still a prompt).
 */
export function looksLikePrompt(text: string): boolean {
  const keys = new Set<string>()
  for (const m of text.matchAll(/^["']?([A-Za-z_][\w-]*)["']?[ \t]*:/gm)) keys.add(m[1] as string)
  return (keys.has('name') && keys.has('version')) || CHAT_OR_TEXT_KEYS.some((k) => keys.has(k))
}

async function isPromptCandidate(file: string): Promise<boolean> {
  try {
    // Oversized files are kept so validation can say why they are rejected.
    if ((await stat(file)).size > MAX_PROMPT_FILE_BYTES) return true
    return looksLikePrompt(await readFile(file, 'utf8'))
  } catch {
    // Unreadable: keep it, so the loader reports why.
    return true
  }
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true })
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(path, out)
    } else if ((entry.isFile() || entry.isSymbolicLink()) && YAML_FILE.test(entry.name)) {
      out.push(path)
    }
  }
}

/**
 * Prompt files under `paths`, sorted. A file named explicitly is always kept; inside folders only
 * YAML that looks like a prompt is. Missing paths are kept so the loader reports them.
 * @example await findPromptFiles(['prompts']) // ['prompts/classify.yaml', …]
 */
export async function findPromptFiles(paths: readonly string[]): Promise<string[]> {
  const found = new Set<string>()
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined)
    if (!info?.isDirectory()) {
      found.add(path)
      continue
    }
    const candidates: string[] = []
    await walk(path, candidates)
    const keep = await mapLimit(candidates, 16, isPromptCandidate)
    candidates.forEach((file, i) => {
      if (keep[i]) found.add(file)
    })
  }
  return [...found].sort()
}
