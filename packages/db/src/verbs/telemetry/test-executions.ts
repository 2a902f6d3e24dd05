/**
 * Test data for the telemetry verbs: executions with known numbers.
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { ExecutionInput } from './ingest-executions'

export function traceId(): string {
  return randomBytes(16).toString('hex')
}

export function spanId(): string {
  return randomBytes(8).toString('hex')
}

/** An execution of `promptName` v1 at `startedAtMs`; override any field. */
export function execution(
  promptName: string,
  startedAtMs: number,
  overrides: Partial<ExecutionInput> = {},
): ExecutionInput {
  return {
    traceId: traceId(),
    spanId: spanId(),
    promptName,
    promptVersion: 1,
    variant: null,
    label: 'production',
    digest: 'sha256:abc',
    fallback: 'fresh',
    model: 'gpt-4o-mini',
    provider: 'openai',
    startedAtMs,
    latencyMs: 100,
    inputTokens: 100,
    outputTokens: 20,
    costUsd: 0.001,
    isError: false,
    errorType: null,
    simulated: false,
    ...overrides,
  }
}
