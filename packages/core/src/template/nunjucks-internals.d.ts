/**
 * Types for the parts of nunjucks' internals Canon builds on. `@types/nunjucks` only
 * describes the public `Environment` API, which pulls in the file-system loaders.
 */

declare module 'nunjucks/src/nodes' {
  export interface Node {
    readonly typename: string
    readonly fields: readonly string[]
    /** 0-based. */
    lineno: number
    /** 0-based. */
    colno: number
    [field: string]: unknown
  }
  const nodes: Record<string, unknown>
  export default nodes
}

declare module 'nunjucks/src/lexer' {
  export interface Tokenizer {
    /** 0-based position of the next character. */
    lineno: number
    colno: number
  }
  const lexer: { lex(src: string, opts?: Record<string, unknown>): Tokenizer }
  export default lexer
}

declare module 'nunjucks/src/parser' {
  import type { Tokenizer } from 'nunjucks/src/lexer'
  import type { Node } from 'nunjucks/src/nodes'
  export interface ParserInstance {
    tokens: Tokenizer
    parseAsRoot(): Node
  }
  const parser: {
    parse(src: string): Node
    Parser: new (tokens: Tokenizer) => ParserInstance
  }
  export default parser
}
