/**
 * Loads one prompt file from disk; `output.schema` file references resolve next to it.
 * @module
 */
import { readFileSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { type ParsePromptResult, parsePromptSource } from '../load/parse-prompt'
import { MAX_PROMPT_FILE_BYTES, readPromptText } from './read-prompt-text'

export interface LoadedPromptFile extends ParsePromptResult {
  file: string
}

/** Reads files next to `promptFile`; undefined when missing, throws when unreadable or too large. */
export function siblingReader(promptFile: string): (relPath: string) => string | undefined {
  const base = dirname(promptFile)
  return (rel) => {
    const path = resolve(base, rel)
    try {
      if (statSync(path).size > MAX_PROMPT_FILE_BYTES) throw new Error('file is over 1 MiB')
      return readFileSync(path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
  }
}

/**
 * Loads and checks one prompt file. Never throws on bad input: problems are diagnostics.
 * @example
 * const { prompt, diagnostics } = await loadPromptFile('prompts/summarize_ticket.v1.yaml')
 */
export async function loadPromptFile(path: string): Promise<LoadedPromptFile> {
  const { text, diagnostics } = await readPromptText(path)
  if (text === undefined) return { file: path, diagnostics }
  return { file: path, ...parsePromptSource(text, path, { readFile: siblingReader(path) }) }
}
