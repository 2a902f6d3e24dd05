/**
 * `canon validate`'s engine: every file, every problem, plus the rules that span files
 * (unique name + version, names unique case-insensitively).
 * @module
 */
import type { Diagnostic } from '../diagnostics'
import type { PromptDefinition } from '../model'
import type { PositionTree } from '../yaml'
import { findPromptFiles } from './find-prompt-files'
import { type LoadedPromptFile, loadPromptFile } from './load-prompt-file'
import { mapLimit } from './map-limit'

export interface ValidatedFile {
  file: string
  /** Absent when the file has any error. */
  prompt?: PromptDefinition
  diagnostics: Diagnostic[]
  /** Where each key and value of the file is, for checks that report on it later. */
  positions?: PositionTree
}

export interface ValidationResult {
  files: ValidatedFile[]
  errorCount: number
  warningCount: number
}

export interface ValidateOptions {
  /** Called after each file with how many are done out of how many. */
  onProgress?: (done: number, total: number) => void
}

/** Files read at once: enough to hide I/O latency, few enough to stay under fd limits. */
const CONCURRENCY = 16

function crossFileChecks(loaded: LoadedPromptFile[]): void {
  const byName = new Map<string, { name: string; file: string; versions: Map<number, string> }>()
  for (const f of loaded) {
    if (!f.prompt) continue
    const { name, version } = f.prompt
    const at = (path: string) => f.positions?.locate(path).value ?? { line: 1, col: 1 }
    const seen = byName.get(name.toLowerCase())
    if (!seen) {
      byName.set(name.toLowerCase(), { name, file: f.file, versions: new Map([[version, f.file]]) })
      continue
    }
    if (seen.name !== name) {
      const pos = at('name')
      f.diagnostics.push({
        file: f.file,
        ...pos,
        severity: 'error',
        code: 'name-case-conflict',
        message: `prompt name \`${name}\` differs only in case from \`${seen.name}\` in ${seen.file}; names are unique case-insensitively`,
      })
      continue
    }
    const other = seen.versions.get(version)
    if (other !== undefined) {
      const pos = at('version')
      f.diagnostics.push({
        file: f.file,
        ...pos,
        severity: 'error',
        code: 'duplicate-version',
        message: `${name} version ${version} is also defined in ${other}`,
      })
      continue
    }
    seen.versions.set(version, f.file)
  }
}

/**
 * Validates prompt files and folders, reporting every error of every file.
 * @example
 * const { files, errorCount } = await validatePaths(['prompts'])
 */
export async function validatePaths(
  paths: readonly string[],
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const files = await findPromptFiles(paths)
  let done = 0
  const loaded = await mapLimit(files, CONCURRENCY, async (file) => {
    const result = await loadPromptFile(file)
    done += 1
    options.onProgress?.(done, files.length)
    return result
  })
  crossFileChecks(loaded)
  let errorCount = 0
  let warningCount = 0
  const result: ValidatedFile[] = loaded.map((f) => {
    const diagnostics = [...f.diagnostics].sort((a, b) => a.line - b.line || a.col - b.col)
    const errors = diagnostics.filter((d) => d.severity === 'error').length
    errorCount += errors
    warningCount += diagnostics.length - errors
    return {
      file: f.file,
      ...(f.prompt && errors === 0 && { prompt: f.prompt }),
      diagnostics,
      ...(f.positions && { positions: f.positions }),
    }
  })
  return { files: result, errorCount, warningCount }
}
