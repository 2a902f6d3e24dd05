/**
 * What the simulated app asks of each example prompt: variables, and the output a good model
 * gives for them.
 * @module
 */
import { ORDER_EMAILS, REPLY_CASES, SUPPORT_TICKETS } from './support-tickets'

/** The prompt the demo's A/B rollout is about. */
export const AB_PROMPT = 'SummarizeSupportTicket'

/** One call's variables and the model's answer. */
export interface DemoCase {
  /** Unique within its scenario (token counts are cached by it). */
  id: string
  vars: Record<string, unknown>
  output: string
}

/** The calls the demo makes to one prompt. */
export interface Scenario {
  prompt: string
  /** Share of all calls. */
  weight: number
  cases: readonly DemoCase[]
}

const summarize: DemoCase[] = SUPPORT_TICKETS.flatMap((t) => [
  {
    id: `${t.id}/summary`,
    vars: { support_ticket_text: `Subject: ${t.subject}\n\n${t.body}`, output_format: 'summary' },
    output: JSON.stringify({ summary: t.triage.summary, urgency: t.triage.urgency }),
  },
  {
    id: `${t.id}/detailed`,
    vars: { support_ticket_text: `Subject: ${t.subject}\n\n${t.body}`, output_format: 'detailed' },
    output: JSON.stringify(t.triage),
  },
])

const classify: DemoCase[] = SUPPORT_TICKETS.map((t) => ({
  id: t.id,
  vars: { ticket_subject: t.subject, ticket_text: t.body },
  output: t.intent,
}))

const extract: DemoCase[] = ORDER_EMAILS.map((e) => ({
  id: e.id,
  vars: { email_text: e.email_text },
  output: JSON.stringify(e.extracted),
}))

const reply: DemoCase[] = REPLY_CASES.map((r) => ({
  id: r.id,
  vars: {
    customer_message: r.customer_message,
    customer_name: r.customer_name,
    knowledge_base_articles: r.knowledge_base_articles,
  },
  output: r.reply,
}))

/**
 * Most traffic goes to the A/B test; the other example prompts get a little, so the prompts
 * list is not empty.
 */
export const DEMO_SCENARIOS: readonly Scenario[] = [
  { prompt: AB_PROMPT, weight: 0.7, cases: summarize },
  { prompt: 'ClassifyTicketIntent', weight: 0.12, cases: classify },
  { prompt: 'DraftSupportReply', weight: 0.1, cases: reply },
  { prompt: 'ExtractOrderDetails', weight: 0.08, cases: extract },
]
