/**
 * The type contract between `canon codegen` and the SDK: generated code augments
 * `CanonPrompts`, and `get`/`render` read their types from it.
 * @module
 */
import type { ChatMessage } from '@canon/core'

/**
 * One version of a prompt as codegen describes it: its kind (what `render` returns) and the
 * variables `render` takes (optional ones marked `?`).
 */
export interface PromptVersionShape {
  kind: 'text' | 'chat'
  vars: object
}

/** Every version of one prompt, keyed by version number. */
export type PromptVersions = { [version: number]: PromptVersionShape }

/** Prompt name → versions. `canon codegen` writes one of these. */
export type PromptMap = { [name: string]: PromptVersions }

/**
 * Filled in by the file `canon codegen --out` writes:
 * ```ts
 * declare module '@canon/sdk' {
 *   interface CanonPrompts {
 *     SummarizeSupportTicket: { 2: { kind: 'text'; vars: { support_ticket_text: string } } }
 *   }
 * }
 * ```
 * Empty until then: every prompt is untyped (`Record<string, unknown>` variables).
 */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by generated code
export interface CanonPrompts {}

/** What `render` returns: the text of a text prompt, the messages of a chat prompt. */
export type RenderOutput<K extends PromptVersionShape['kind']> = K extends 'chat'
  ? ChatMessage[]
  : K extends 'text'
    ? string
    : string | ChatMessage[]

/** The shape of a prompt nothing is known about (not in the generated types). */
export interface UntypedShape {
  kind: 'text' | 'chat'
  vars: Record<string, unknown>
}

/** `render`'s parameters: the variables may be left out when none is required. */
// biome-ignore lint/complexity/noBannedTypes: `{} extends V` is how to ask "is every key optional"
export type RenderArgs<V> = {} extends V ? [vars?: V] : [vars: V]
