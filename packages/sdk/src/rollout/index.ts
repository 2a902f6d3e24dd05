/**
 * `@canon/sdk/rollout`: write a prompt's A/B split to Unleash (what `canon rollout` does), in
 * the flag shape the SDK and the registry read. Uses only `fetch`.
 * @module
 */
export { parseSplit, type SplitArm } from './split'
export {
  disableRollout,
  type RolloutResult,
  rolloutVariants,
  type StrategyVariant,
  type UnleashAdmin,
  writeRollout,
} from './unleash-admin'
