/**
 * Reads a prompt file's text, refusing oversized files before reading them and pointing at the
 * first byte that is not UTF-8.
 * @module
 */
import { readFile, stat } from 'node:fs/promises'
import type { Diagnostic } from '../diagnostics'
import { decodeUtf8 } from './utf8'

/** Prompt files larger than this are rejected unread (1 MiB). */
export const MAX_PROMPT_FILE_BYTES = 1024 * 1024

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`
}

function fileError(file: string, code: string, message: string, line = 1, col = 1): Diagnostic {
  return { file, line, col, severity: 'error', code, message }
}

function ioMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'is a directory'
  return err instanceof Error ? err.message : String(err)
}

export async function readPromptText(
  file: string,
): Promise<{ text?: string; diagnostics: Diagnostic[] }> {
  try {
    const info = await stat(file)
    if (info.isDirectory())
      return { diagnostics: [fileError(file, 'io', 'cannot read: is a directory')] }
    if (info.size > MAX_PROMPT_FILE_BYTES) {
      return {
        diagnostics: [
          fileError(
            file,
            'file-too-large',
            `file is ${formatSize(info.size)}; prompt files are limited to ${formatSize(MAX_PROMPT_FILE_BYTES)}`,
          ),
        ],
      }
    }
    const bytes = await readFile(file)
    // The size may have grown between stat and read.
    if (bytes.length > MAX_PROMPT_FILE_BYTES) {
      return {
        diagnostics: [
          fileError(
            file,
            'file-too-large',
            `file is over ${formatSize(MAX_PROMPT_FILE_BYTES)}, the limit for prompt files`,
          ),
        ],
      }
    }
    const decoded = decodeUtf8(bytes)
    if (!decoded.ok) {
      const hex = decoded.byte.toString(16).toUpperCase().padStart(2, '0')
      return {
        diagnostics: [
          fileError(
            file,
            'not-utf8',
            `file is not valid UTF-8 (byte 0x${hex}); save it as UTF-8`,
            decoded.line,
            decoded.col,
          ),
        ],
      }
    }
    return { text: decoded.text, diagnostics: [] }
  } catch (err) {
    return { diagnostics: [fileError(file, 'io', `cannot read: ${ioMessage(err)}`)] }
  }
}
