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

declare module 'nunjucks/src/transformer' {
  import type { Node } from 'nunjucks/src/nodes'

  const transformer: {
    transform(ast: Node, asyncFilters: string[], name?: string): Node
  }
  export default transformer
}

declare module 'nunjucks/src/compiler' {
  import type { Node } from 'nunjucks/src/nodes'
  export interface CompilerInstance {
    compile(ast: Node): void
    getCode(): string
  }
  const compiler: {
    Compiler: new (templateName: string, throwOnUndefined: boolean) => CompilerInstance
  }
  export default compiler
}

declare module 'nunjucks/src/runtime' {
  export class Frame {
    constructor(parent?: Frame, isolateWrites?: boolean)
    topLevel: boolean
    lookup(name: string): unknown
    set(name: string, value: unknown, resolveUp?: boolean): void
  }
  export class SafeString {
    constructor(value: string)
  }
  const runtime: {
    Frame: typeof Frame
    SafeString: typeof SafeString
    makeMacro(
      argNames: string[],
      kwargNames: string[],
      func: (...args: unknown[]) => unknown,
    ): (...args: unknown[]) => unknown
    [name: string]: unknown
  }
  export default runtime
}

declare module 'nunjucks/src/filters' {
  const filters: Record<string, (...args: unknown[]) => unknown>
  export default filters
}

declare module 'nunjucks/src/tests' {
  const tests: Record<string, (...args: unknown[]) => unknown>
  export default tests
}
