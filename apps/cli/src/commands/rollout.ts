import { CanonError, isCanonError } from '@canon/core'
import { disableRollout, parseSplit, type SplitArm, writeRollout } from '@canon/sdk/rollout'
import type { Command } from 'commander'
import { type CliContext, formatOption, type RegistryFlags, withRegistryOptions } from '../context'
import { EXIT, type ExitCode } from '../exit-codes'
import { type OutputFormat, writeJson } from '../format'
import type { Io } from '../io'
import type { RegistryClient } from '../registry-client'

export interface RolloutOptions {
  split?: string
  off?: boolean
  unleashUrl?: string
  unleashToken?: string
  environment: string
  project: string
  verify: boolean
  format: OutputFormat
}

/**
 * `canon rollout <name> --split 1:90,2:10`: writes the flag `prompt.<name>` through the Unleash
 * admin API (created if missing; a flexibleRollout strategy whose variants name the versions;
 * turned on), so the SDK sends that share of users to each version. `--off` turns it off.
 */
export async function rolloutCommand(
  io: Io,
  name: string,
  options: RolloutOptions,
  registry: () => RegistryClient,
): Promise<ExitCode> {
  const url = options.unleashUrl ?? io.env.UNLEASH_URL
  const token = options.unleashToken ?? io.env.UNLEASH_ADMIN_TOKEN ?? io.env.UNLEASH_API_TOKEN
  if (!url || !token) {
    throw new CanonError(
      'CONFIG_INVALID',
      `rollout needs the Unleash server and an admin token: --unleash-url/--unleash-token or UNLEASH_URL/UNLEASH_API_TOKEN${url ? '' : ' (no URL given)'}`,
    )
  }
  if (Boolean(options.off) === (options.split !== undefined)) {
    throw new CanonError('BAD_REQUEST', 'give either --split version:percent,… or --off')
  }
  const admin = { url, token, project: options.project, environment: options.environment }

  if (options.off) {
    const found = await disableRollout(admin, name)
    if (!found) {
      io.err(`canon rollout: there is no flag prompt.${name} in project ${options.project}\n`)
      return EXIT.CHECK_FAILED
    }
    if (options.format === 'json') writeJson(io, { flag: `prompt.${name}`, enabled: false })
    else
      io.out(`prompt.${name} is off in ${options.environment}: every user gets the label again\n`)
    return EXIT.OK
  }

  const arms = parseSplit(options.split as string)
  const warnings: string[] = []
  if (options.verify) {
    const problem = await checkVersions(registry, name, arms, warnings)
    if (problem) {
      io.err(`canon rollout: ${problem} (use --no-verify to write the flag anyway)\n`)
      return EXIT.CHECK_FAILED
    }
  }
  const result = await writeRollout(admin, name, arms)
  if (result.otherStrategies.length > 0) {
    warnings.push(
      `the flag has other strategies (${result.otherStrategies.join(', ')}); one enabled before ours may win for some users`,
    )
  }
  if (options.format === 'json') {
    writeJson(io, { ...result, enabled: true, warnings })
    return EXIT.OK
  }
  for (const w of warnings) io.err(`warning: ${w}\n`)
  const split = arms.map((a) => `v${a.version} ${a.percent}%`).join(', ')
  io.out(
    `${result.created ? 'created' : 'updated'} ${result.flag} in ${result.project}/${result.environment}: ${split}, sticky on userId/sessionId, on\n`,
  )
  return EXIT.OK
}

/** Checks the registry has every version of the split; an unreachable registry only warns. */
async function checkVersions(
  registry: () => RegistryClient,
  name: string,
  arms: SplitArm[],
  warnings: string[],
): Promise<string | undefined> {
  let client: RegistryClient
  try {
    client = registry()
    const res = await client.request<{ versions?: Array<{ version: number; status?: string }> }>(
      'GET',
      `/v1/prompts/${encodeURIComponent(name)}`,
    )
    const known = new Map((res.body.versions ?? []).map((v) => [v.version, v.status]))
    const missing = arms.filter((a) => !known.has(a.version)).map((a) => a.version)
    if (missing.length > 0) {
      return `${name} has no version ${missing.join(', ')} in the registry at ${client.url}`
    }
    const retired = arms.filter((a) => known.get(a.version) === 'retired').map((a) => a.version)
    if (retired.length > 0) return `${name} v${retired.join(', v')} is retired`
    return undefined
  } catch (err) {
    if (isCanonError(err) && err.code === 'NOT_FOUND') {
      return `the registry has no prompt ${name}`
    }
    warnings.push(`could not check the versions against the registry: ${(err as Error).message}`)
    return undefined
  }
}

/** Registers `canon rollout`. */
export function registerRollout(program: Command, ctx: CliContext): void {
  withRegistryOptions(
    program
      .command('rollout')
      .description('split users across prompt versions with an Unleash flag (A/B rollout)')
      .argument('<name>', 'prompt name')
      .option('--split <version:percent,...>', 'e.g. 1:90,2:10 (percentages add up to 100)')
      .option('--off', 'turn the flag off: every user gets the label again')
      .option('--unleash-url <url>', 'Unleash server (env UNLEASH_URL)')
      .option('--unleash-token <token>', 'admin or personal access token (env UNLEASH_API_TOKEN)')
      .option('--environment <env>', 'Unleash environment', 'development')
      .option('--project <project>', 'Unleash project', 'default')
      .option('--no-verify', 'do not check the versions exist in the registry')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Writes the flag prompt.<name>: a flexibleRollout strategy (100%, sticky on userId, then
sessionId) whose variants v<N> carry the payload {"version": N}, and turns it on. Apps
using @canon/sdk with Unleash flags send each user to their variant's version; the
registry's POST /v1/prompts/{name}/resolve answers the same. Users without a userId or
sessionId, and every user while the flag is off or Unleash is down, get the label.

Examples:
  $ pnpm canon rollout SummarizeSupportTicket --split 1:90,2:10
  $ pnpm canon rollout SummarizeSupportTicket --split 2:100      # finish the rollout
  $ pnpm canon rollout SummarizeSupportTicket --off              # roll back to the label`,
    )
    .action(async (name: string, opts: RolloutOptions & RegistryFlags) => {
      ctx.setExit(await rolloutCommand(ctx.io, name, opts, () => ctx.clientFor(opts)))
    })
}
