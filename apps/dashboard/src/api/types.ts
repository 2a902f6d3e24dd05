/**
 * Shapes of the registry responses the dashboard reads (SPEC §4 and the metrics contract).
 * @module
 */

export type Scope = 'read' | 'publish' | 'label' | 'telemetry' | 'admin'
export type VersionStatus = 'active' | 'deprecated' | 'retired'

export interface Whoami {
  name: string
  scopes: Scope[]
}

export interface PromptSummary {
  name: string
  description: string | null
  tags: string[]
  latestVersion: number | null
  labels: Record<string, number>
  createdAt: string
  updatedAt: string
}

export interface PromptPage {
  prompts: PromptSummary[]
  nextCursor: string | null
}

export interface VersionSummary {
  version: number
  digest: string
  status: VersionStatus
  statusChangedAt: string
  publishedAt: string
  publishedBy: string
  sourceCommit: string | null
  sourcePath: string | null
  evalSummary: Record<string, unknown> | null
}

export interface LabelPointer {
  label: string
  version: number
  updatedAt: string
  updatedBy: string
}

export interface PromptDetail {
  name: string
  description: string | null
  tags: string[]
  latestVersion: number | null
  createdAt: string
  updatedAt: string
  /** Newest first. */
  versions: VersionSummary[]
  labels: LabelPointer[]
}

export interface PromptVersion {
  name: string
  version: number
  digest: string
  status: VersionStatus
  kind: 'text' | 'chat'
  definition: Record<string, unknown>
  publishedAt: string
  publishedBy: string
  evalSummary: Record<string, unknown> | null
}

export interface LabelHistoryEntry {
  at: string
  actor: string
  fromVersion: number | null
  toVersion: number | null
  reason?: string
}

export interface LabelHistory {
  name: string
  label: string
  history: LabelHistoryEntry[]
}

export interface LabelMove {
  name: string
  label: string
  version: number
  previousVersion: number | null
  changed: boolean
}

export interface OverviewRow {
  name: string
  calls: number
  errors: number
  errorRate: number
  costUsd: number
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  lastCallAt: string | null
}

export interface MetricsOverview {
  from: string
  to: string
  simulated: boolean
  prompts: OverviewRow[]
}

export interface MetricsGroup {
  version: number
  variant: string | null
  calls: number
  errors: number
  errorRate: number
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  inputTokens: number
  outputTokens: number
  avgInputTokens: number | null
  avgOutputTokens: number | null
  costUsd: number
  costPerCallUsd: number | null
  scores: Record<string, { mean: number; n: number }>
  feedback: { positive: number; n: number; approvalRate: number | null }
}

export interface MetricsPoint {
  t: string
  version: number
  variant: string | null
  calls: number
  errors: number
  errorRate: number
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  inputTokens: number
  outputTokens: number
  costUsd: number
  costPerCallUsd: number | null
  qualityMean: number | null
  approvalRate: number | null
}

export interface PromptMetrics {
  name: string
  from: string
  to: string
  bucket: string
  simulated: boolean
  groups: MetricsGroup[]
  series: MetricsPoint[]
}

export interface Interval {
  low: number
  high: number
}

export interface AbArm {
  variant: string | null
  version: number
  calls: number
  costPerCallUsd: { mean: number } & Interval
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  errorRate: { rate: number } & Interval
  approval: ({ rate: number; n: number } & Interval) | null
  quality: ({ mean: number; n: number } & Interval) | null
}

export interface AbComparison {
  name: string
  from: string
  to: string
  simulated: boolean
  arms: AbArm[]
  verdict: {
    text: string
    cheaper?: { arm: string; percent: number; significant: boolean }
    quality: 'better' | 'worse' | 'not significantly different' | 'insufficient data'
    n: number
  }
}
