/**
 * `@canon/sdk`: fetch prompts by name and version or label, cache them with a fallback
 * snapshot, render them typed by `canon codegen`, verify output, route A/B variants through
 * feature flags, and trace executions with OpenTelemetry (SPEC §5). No Node-only module is
 * loaded from here: `@canon/sdk/node` (snapshot files) and `@canon/sdk/unleash` are Node-only.
 * @module
 */
export { CanonError, type ChatMessage, isCanonError, type PromptDefinition } from '@canon/core'
export type { Clock } from './clock'
export {
  type Canon,
  type CanonOptions,
  createCanon,
  type GetOptions,
  type LabelOptions,
  type PromptOf,
  type Score,
  type VersionOptions,
} from './create-canon'
export { type FlagContext, type Flags, type FlagVariant, noFlags } from './flags/flags'
export { type UnleashFlagsOptions, unleashFlags } from './flags/unleash-flags'
export type { ModelReply, ModelRequest, RunOptions, RunResult } from './output/run'
export type { ParseResult } from './output/validate-output'
export type { CanonPrompt, PromptSource } from './prompt'
export type { ErrorReporter, PrefetchResult } from './prompt-store'
export type { Snapshot, SnapshotEntry, SnapshotSource } from './snapshot'
export type {
  PromptIdentity,
  TelemetryOptions,
  Traced,
  TraceOptions,
  TraceScope,
} from './telemetry/telemetry'
export { extractUsage, type TokenUsage } from './telemetry/usage'
export type {
  CanonPrompts,
  PromptMap,
  PromptVersionShape,
  PromptVersions,
  RenderArgs,
  RenderOutput,
  UntypedShape,
} from './types'
