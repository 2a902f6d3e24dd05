import {
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'
import { promptVersions } from './prompt-versions'
import { prompts } from './prompts'

/**
 * Movable labels (`production`, `staging`, …). `latest` is never stored here: it is computed
 * (see `prompts.latest_version`). The composite foreign key guarantees a label points at a
 * version that exists.
 */
export const promptLabels = pgTable(
  'prompt_labels',
  {
    promptId: integer()
      .notNull()
      .references(() => prompts.id),
    label: text().notNull(),
    version: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.promptId, t.label] }),
    foreignKey({
      name: 'prompt_labels_version_fk',
      columns: [t.promptId, t.version],
      foreignColumns: [promptVersions.promptId, promptVersions.version],
    }),
    index('prompt_labels_label_idx').on(t.label, t.promptId),
  ],
)
