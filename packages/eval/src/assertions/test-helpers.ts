import type { Case } from '../dataset/case'
import type { CompletionRequest, CompletionResult } from '../providers/types'
import type { EmbeddingsProvider, JudgeProvider } from './types'

/** A dataset case for tests. */
export function makeCase(fields: Partial<Case> = {}): Case {
  return { id: 'case-1', vars: {}, tags: [], line: 1, ...fields }
}

/** A judge that answers with fixed text (or a function of the request) and records requests. */
export function fakeJudge(answer: string | ((req: CompletionRequest) => string)): JudgeProvider & {
  requests: CompletionRequest[]
} {
  const requests: CompletionRequest[] = []
  return {
    id: 'fake-judge',
    defaultModel: 'judge-1',
    requests,
    async complete(req): Promise<CompletionResult> {
      requests.push(req)
      const text = typeof answer === 'string' ? answer : answer(req)
      return {
        text,
        usage: { inputTokens: 10, outputTokens: 5 },
        latencyMs: 1,
        costUsd: 0,
        model: req.model,
        finishReason: 'stop',
      }
    },
  }
}

/** Embeddings from a fixed table of text → vector. */
export function fakeEmbeddings(
  table: Record<string, number[]>,
): EmbeddingsProvider & { calls: string[][] } {
  const calls: string[][] = []
  return {
    id: 'fake-embeddings',
    defaultModel: 'embed-1',
    calls,
    async embed(texts) {
      calls.push(texts)
      return texts.map((t) => {
        const v = table[t]
        if (!v) throw new Error(`no fake embedding for ${JSON.stringify(t)}`)
        return v
      })
    },
  }
}
