import {
  formatInt,
  formatInterval,
  formatMs,
  formatNumber,
  formatPercent,
  formatUsd,
} from '../format/format'

/** The fields of `@canon/eval`'s `EvalSummary` (schema 1) the dashboard shows. */
interface EvalSummaryView {
  passRate: number
  wilson: { low: number; high: number }
  cases: number
  passed: number
  errored: number
  trials: number
  gate: { outcome: string; reasons: string[]; minPassRate: number }
  metrics: Record<string, number>
  tokens: { input: number; output: number }
  costUsd?: number
  latencyMs?: { p50: number; p95: number }
  model: string
  provider: string
  runAt: string
  dataset?: string
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** Reads a stored summary; null when it is missing or of a shape this dashboard doesn't know. */
export function readEvalSummary(raw: Record<string, unknown> | null): EvalSummaryView | null {
  if (raw?.schemaVersion !== 1) return null
  const { wilson, gate, tokens } = raw
  if (!num(raw.passRate) || !obj(wilson) || !num(wilson.low) || !num(wilson.high)) return null
  if (!obj(gate) || typeof gate.outcome !== 'string') return null
  const metrics: Record<string, number> = {}
  if (obj(raw.metrics)) {
    for (const [k, v] of Object.entries(raw.metrics)) if (num(v)) metrics[k] = v
  }
  const latency = obj(raw.latencyMs) && num(raw.latencyMs.p50) && num(raw.latencyMs.p95)
  return {
    passRate: raw.passRate,
    wilson: { low: wilson.low, high: wilson.high },
    cases: num(raw.cases) ? raw.cases : 0,
    passed: num(raw.passed) ? raw.passed : 0,
    errored: num(raw.errored) ? raw.errored : 0,
    trials: num(raw.trials) ? raw.trials : 1,
    gate: {
      outcome: gate.outcome,
      reasons: Array.isArray(gate.reasons) ? gate.reasons.map(String) : [],
      minPassRate: num(gate.minPassRate) ? gate.minPassRate : 0,
    },
    metrics,
    tokens: {
      input: obj(tokens) && num(tokens.input) ? tokens.input : 0,
      output: obj(tokens) && num(tokens.output) ? tokens.output : 0,
    },
    ...(num(raw.costUsd) ? { costUsd: raw.costUsd } : {}),
    ...(latency ? { latencyMs: raw.latencyMs as { p50: number; p95: number } } : {}),
    model: typeof raw.model === 'string' ? raw.model : '?',
    provider: typeof raw.provider === 'string' ? raw.provider : '?',
    runAt: typeof raw.runAt === 'string' ? raw.runAt : '',
    ...(typeof raw.dataset === 'string' ? { dataset: raw.dataset } : {}),
  }
}

const GATE_TEXT: Record<string, string> = {
  pass: 'Gate passed',
  fail: 'Gate failed',
  inconclusive: 'Gate inconclusive',
}

/** One line for a versions table: pass rate, its interval and the gate outcome. */
export function EvalSummaryLine(props: { summary: Record<string, unknown> | null }) {
  const s = readEvalSummary(props.summary)
  if (!s) return <span class="muted">No evaluation</span>
  return (
    <span class="eval-line">
      <span class={`badge badge-gate-${s.gate.outcome}`}>
        {GATE_TEXT[s.gate.outcome] ?? s.gate.outcome}
      </span>{' '}
      {formatPercent(s.passRate)} pass{' '}
      <span class="muted">
        (95 % CI {formatInterval('rate', s.wilson.low, s.wilson.high)},{' '}
        {`${formatInt(s.passed)}/${formatInt(s.cases)}`})
      </span>
    </span>
  )
}

/** Everything the summary says, for the expandable details of a version. */
export function EvalSummaryDetails(props: { summary: Record<string, unknown> | null }) {
  const s = readEvalSummary(props.summary)
  if (!s) {
    return (
      <p class="muted">
        This version was published without an evaluation summary. Publish with{' '}
        <code>pnpm canon publish</code> after <code>canon eval</code> to record one.
      </p>
    )
  }
  return (
    <div class="eval-details">
      <dl class="facts">
        <dt>Pass rate</dt>
        <dd>
          {formatPercent(s.passRate)} (95 % Wilson{' '}
          {formatInterval('rate', s.wilson.low, s.wilson.high)})
        </dd>
        <dt>Cases</dt>
        <dd>
          {formatInt(s.passed)} passed of {formatInt(s.cases)}
          {s.errored > 0 ? `, ${formatInt(s.errored)} errored` : ''}
          {s.trials > 1 ? ` (${formatInt(s.trials)} trials each)` : ''}
        </dd>
        <dt>Gate</dt>
        <dd>
          {GATE_TEXT[s.gate.outcome] ?? s.gate.outcome} (minimum{' '}
          {formatPercent(s.gate.minPassRate, 0)})
          {s.gate.reasons.length > 0 && (
            <ul class="reasons">
              {s.gate.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Model</dt>
        <dd>
          {s.provider} / {s.model}
        </dd>
        <dt>Tokens</dt>
        <dd>
          {formatInt(s.tokens.input)} in, {formatInt(s.tokens.output)} out
        </dd>
        {s.costUsd !== undefined && (
          <>
            <dt>Cost of the run</dt>
            <dd>{formatUsd(s.costUsd)}</dd>
          </>
        )}
        {s.latencyMs && (
          <>
            <dt>Latency</dt>
            <dd>
              p50 {formatMs(s.latencyMs.p50)}, p95 {formatMs(s.latencyMs.p95)}
            </dd>
          </>
        )}
        {s.dataset && (
          <>
            <dt>Dataset</dt>
            <dd>
              <code>{s.dataset}</code>
            </dd>
          </>
        )}
      </dl>
      {Object.keys(s.metrics).length > 0 && (
        <table class="table compact">
          <caption>Mean score per metric</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" class="num">
                Mean
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(s.metrics).map(([name, mean]) => (
              <tr key={name}>
                <td>{name}</td>
                <td class="num">{formatNumber(mean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
