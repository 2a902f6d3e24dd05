/**
 * Reads what a prompt's `evaluation` block points at: the golden dataset and, for offline runs,
 * the mock fixtures. Paths resolve against a folder (the prompt file's), never the cwd.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import { type Diagnostic, type PromptDefinition, sha256Hex } from '@canon/core'
import type { Case } from '../dataset/case'
import { loadDataset } from '../dataset/load-dataset'
import { loadFixtures, type RecordedVerdict } from '../dataset/load-fixtures'

/** Mock outputs and recorded judge verdicts of one prompt version. */
export interface MockFixtures {
  /** The fixtures file as given in the prompt (for messages). */
  file: string
  outputs: ReadonlyMap<string, string>
  verdicts: ReadonlyMap<string, readonly RecordedVerdict[]>
}

export interface LoadedSuite {
  cases: Case[]
  /** The dataset path as shown to users (relative to `cwd` when given). */
  datasetFile: string
  /** sha256 hex of the dataset file's text: the eval summary records it to pair later runs. */
  datasetDigest: string
  fixtures?: MockFixtures
  /** Problems in the dataset or fixtures, at file:line:col; any error makes the suite unusable. */
  diagnostics: Diagnostic[]
}

export interface LoadSuiteOptions {
  /** Folder the prompt's relative paths resolve against (the prompt file's folder). */
  dir: string
  /** Load `evaluation.fixtures` too (offline runs). */
  fixtures?: boolean
  /** Shown paths are relative to this folder. */
  cwd?: string
}

async function readText(path: string, shown: string, what: string) {
  try {
    return { text: await readFile(path, 'utf8') }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'no such file' : (err as Error).message
    const diagnostic: Diagnostic = {
      file: shown,
      line: 1,
      col: 1,
      severity: 'error',
      code: 'unreadable-file',
      message: `cannot read the ${what}: ${reason}`,
    }
    return { diagnostic }
  }
}

/**
 * Loads the dataset (and optionally the fixtures) of a prompt's `evaluation` block.
 * @example
 * const suite = await loadSuite(def, { dir: 'prompts', fixtures: true })
 * if (suite.diagnostics.length) suite.diagnostics.forEach((d) => console.error(formatDiagnostic(d)))
 */
export async function loadSuite(
  def: PromptDefinition,
  options: LoadSuiteOptions,
): Promise<LoadedSuite> {
  const evaluation = def.evaluation
  const show = (path: string) => (options.cwd ? relative(options.cwd, path) || path : path)
  if (!evaluation) {
    return {
      cases: [],
      datasetFile: '',
      datasetDigest: '',
      diagnostics: [
        {
          file: `${def.name} v${def.version}`,
          line: 1,
          col: 1,
          severity: 'error',
          code: 'no-evaluation',
          message: 'the prompt has no `evaluation` block (dataset, assertions, gate)',
        },
      ],
    }
  }
  const datasetPath = resolve(options.dir, evaluation.dataset)
  const datasetFile = show(datasetPath)
  const diagnostics: Diagnostic[] = []
  const dataset = await readText(datasetPath, datasetFile, 'dataset (evaluation.dataset)')
  let cases: Case[] = []
  let datasetDigest = ''
  if (dataset.diagnostic) diagnostics.push(dataset.diagnostic)
  else {
    const loaded = loadDataset(dataset.text, datasetFile)
    cases = loaded.cases
    datasetDigest = sha256Hex(dataset.text)
    diagnostics.push(...loaded.diagnostics)
  }
  const suite: LoadedSuite = { cases, datasetFile, datasetDigest, diagnostics }
  if (options.fixtures && evaluation.fixtures !== undefined) {
    const loaded = await loadFixturesFile(resolve(options.dir, evaluation.fixtures), show)
    diagnostics.push(...loaded.diagnostics)
    if (loaded.fixtures) suite.fixtures = loaded.fixtures
  }
  return suite
}

/**
 * Reads one mock fixtures file (outputs and recorded judge verdicts).
 * @example const { fixtures, diagnostics } = await loadFixturesFile('prompts/x.v1.fixtures.jsonl')
 */
export async function loadFixturesFile(
  path: string,
  show: (path: string) => string = (p) => p,
): Promise<{ fixtures?: MockFixtures; diagnostics: Diagnostic[] }> {
  const file = show(path)
  const read = await readText(path, file, 'mock fixtures (evaluation.fixtures)')
  if (read.diagnostic) return { diagnostics: [read.diagnostic] }
  const loaded = loadFixtures(read.text, file)
  return {
    fixtures: { file, outputs: loaded.outputs, verdicts: loaded.verdicts },
    diagnostics: loaded.diagnostics,
  }
}
