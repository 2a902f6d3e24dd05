import { isCanonError, promptDigest } from '@canon/core'
import { expect, it } from 'vitest'
import { describeDrivers, rejectionOf, rowCounts, testDefinition } from '../testing'
import { createApiKey } from './create-api-key'
import { listPrompts } from './list-prompts'
import { publishVersion } from './publish-version'
import { setEvalSummary } from './set-eval-summary'
import { ingestExecutions } from './telemetry/ingest-executions'
import { recordScores } from './telemetry/record-scores'
import { execution } from './telemetry/test-executions'

const BAD = ['x\u0000', 'x\uD800', '\uDC00x']

/** Every verb that writes text answers BAD_REQUEST naming the field, and writes nothing. */
describeDrivers('text Postgres cannot store', (t) => {
  const cases: [string, (bad: string) => Promise<unknown>][] = [
    [
      'definition.description',
      (bad) => {
        const definition = testDefinition('Text.V', 1, { description: bad })
        return publishVersion(t.ctx(), { definition, digest: promptDigest(definition) })
      },
    ],
    [
      'evalSummary.notes',
      (bad) => {
        const definition = testDefinition('Text.V', 1)
        return publishVersion(t.ctx(), {
          definition,
          digest: promptDigest(definition),
          evalSummary: { notes: bad },
        })
      },
    ],
    [
      'sourcePath',
      (bad) => {
        const definition = testDefinition('Text.V', 1)
        return publishVersion(t.ctx(), {
          definition,
          digest: promptDigest(definition),
          sourcePath: bad,
        })
      },
    ],
    [
      'summary',
      (bad) => setEvalSummary(t.ctx(), { name: 'Text.Base', version: 1, summary: { [bad]: 1 } }),
    ],
    ['name', (bad) => createApiKey(t.db, { name: bad, scopes: ['read'] })],
    [
      'score 0.comment',
      (bad) => recordScores(t.db, [{ traceId: 'a'.repeat(32), name: 'n', value: 1, comment: bad }]),
    ],
    [
      'score 0.name',
      (bad) => recordScores(t.db, [{ traceId: 'a'.repeat(32), name: bad, value: 1 }]),
    ],
    ['query.search', (bad) => listPrompts(t.db, { search: bad })],
    ['query.tag', (bad) => listPrompts(t.db, { tag: bad })],
    [
      'execution 0: model',
      (bad) => ingestExecutions(t.db, [{ ...execution('text_v', Date.now()), model: bad }]),
    ],
  ]

  it.each(cases)('%s', async (field, run) => {
    if (!(await listPrompts(t.db)).items.some((p) => p.name === 'Text.Base')) {
      const definition = testDefinition('Text.Base', 1)
      await publishVersion(t.ctx(), { definition, digest: promptDigest(definition) })
    }
    const before = await rowCounts(t.db)
    for (const bad of BAD) {
      const err = await rejectionOf(run(bad))
      expect(isCanonError(err) && err.code, String(err)).toBe('BAD_REQUEST')
      expect((err as Error).message).toContain(field)
      expect((err as Error).message).toMatch(/NUL character|lone surrogate/)
    }
    expect(await rowCounts(t.db)).toEqual(before)
  })
})
