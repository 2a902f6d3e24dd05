/**
 * `@canon/sdk/flags`: A/B routing of prompt versions through feature flags, shared by the SDK
 * and the registry's server-side resolve. Runs in any runtime (no `unleash-client` import).
 * @module
 */
export {
  contextValue,
  type FlagContext,
  type FlagStickiness,
  type Flags,
  type FlagVariant,
  noFlags,
} from './flags'
export {
  type PromptVariant,
  parseVersionPayload,
  promptFlagName,
  resolvePromptVariant,
  VariantResolver,
} from './resolve-variant'
export {
  type UnleashFlags,
  type UnleashFlagsOptions,
  type UnleashLike,
  unleashFlags,
} from './unleash-flags'
export { unleashStickiness } from './unleash-stickiness'
