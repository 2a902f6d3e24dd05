/**
 * SPEC §5: the SDK runs in any runtime with `fetch`. Its main entry (and `@canon/sdk/flags`,
 * `/rollout`, `/codegen`) must load without any Node-only module, and without the tokenizer
 * tables of `@canon/core/tokens`; `@canon/sdk/node` and `/unleash` are Node-only on purpose.
 * Each import runs in a fresh Node process where loading a denied module throws.
 */
import { fileURLToPath } from 'node:url'
import { importGuard, NODE_ONLY_MODULES } from '@canon/core/testing'
import { describe, expect, it } from 'vitest'

const guard = importGuard({
  deny: [...NODE_ONLY_MODULES, 'unleash-client', 'gpt-tokenizer'],
  denySpecifiers: [/@canon\/core\/tokens$/],
  cwd: fileURLToPath(new URL('..', import.meta.url)),
})
const importDenied = (target: string) => guard.tryImport(target)

describe('runtime portability of @canon/sdk', () => {
  it('the harness fails on Node-only modules (@canon/sdk/node, @canon/sdk/unleash)', async () => {
    const node = await importDenied('@canon/sdk/node')
    expect(node.ok).toBe(false)
    expect(node.output).toMatch(/denied module "node:(fs\/promises|path)"/)
    const unleash = await importDenied('@canon/sdk/unleash')
    expect(unleash.output).toMatch(/denied module "unleash-client"/)
  }, 90_000)

  it.each(['@canon/sdk', '@canon/sdk/flags', '@canon/sdk/rollout', '@canon/sdk/codegen'])(
    '%s loads without Node-only modules, unleash-client or tokenizer tables',
    async (entry) => {
      const result = await importDenied(entry)
      expect(result.output).toBe('imported')
    },
    90_000,
  )
})
