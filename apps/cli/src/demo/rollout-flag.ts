/**
 * The demo's A/B rollout: a real `unleash-client` evaluating, offline, the flag definition that
 * `canon rollout <prompt> --split 1:90,2:10` writes to an Unleash server.
 * @module
 */
import { promptFlagName } from '@canon/sdk/flags'
import { parseSplit, rolloutVariants } from '@canon/sdk/rollout'
import { createUnleashFlags, type UnleashFlagsHandle } from '@canon/sdk/unleash'

/** The demo's split: 90 % of users on v1, 10 % on v2. */
export const DEMO_SPLIT = '1:90,2:10'

/**
 * The feature `prompt.<name>` as the Unleash client API serves it: on, one flexibleRollout
 * strategy at 100 % sticky on userId, whose variants carry `{"version": n}` (the largest arm
 * `variable`, the others pinned with `fix`).
 */
export function rolloutFeature(prompt: string, split: string = DEMO_SPLIT) {
  const name = promptFlagName(prompt)
  return {
    name,
    type: 'experiment',
    enabled: true,
    strategies: [
      {
        name: 'flexibleRollout',
        constraints: [],
        parameters: { rollout: '100', stickiness: 'default', groupId: name },
        variants: rolloutVariants(parseSplit(split)),
      },
    ],
  }
}

/**
 * Flags for `createCanon` from a bootstrapped Unleash client: no server, no polling (a
 * `refreshInterval` of 0 never fetches), no metrics. Ready once the bootstrap is loaded.
 * @example const flags = demoRolloutFlags('SummarizeSupportTicket'); await flags.ready()
 */
export function demoRolloutFlags(prompt: string, split: string = DEMO_SPLIT): UnleashFlagsHandle {
  return createUnleashFlags({
    // Never contacted: with refreshInterval 0 the client only reads its bootstrap.
    url: 'http://127.0.0.1:9/api/',
    appName: 'canon-serve-demo',
    refreshInterval: 0,
    whenUnreachable: 'last-known',
    unleash: {
      disableMetrics: true,
      // The client's types name payload types by enum; the JSON shape is the same.
      bootstrap: { data: [rolloutFeature(prompt, split)] as never },
    },
  })
}
