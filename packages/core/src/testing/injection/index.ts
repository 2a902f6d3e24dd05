/**
 * The template-injection corpus (issue 9): known server-side template injection payloads for
 * nunjucks and Jinja2, from public research, each armed so that running its code writes a marker
 * file. The tests that use it (core's self-check and fuzz test, the CLI's cross-path harness)
 * assert the marker never appears and the renderer never crashes.
 *
 * Sources, cited per payload:
 * - PAT: swisskyrie/PayloadsAllTheThings, "Server Side Template Injection" (JavaScript → Nunjucks,
 *   Python → Jinja2).
 * - HT: HackTricks, "SSTI (Server Side Template Injection)" (Jinja2 and NodeJS sections).
 * - NJ271 / NJ1048: mozilla/nunjucks issues #271 and #1048 (sandbox escapes through
 *   `constructor`); NJ338: mozilla/nunjucks PR #338 (`a.constructor.__proto__.constructor`).
 * - J549: pallets/jinja issue #549 (sandbox escapes through format and attribute lookups).
 * - I9: Canon issue 9 (names with `"`, backtick, `\` and `&` pasted into nunjucks' generated
 *   JavaScript; attribute filters reading past the property check; printing function source).
 * @module
 */
import { ATTRIBUTE_FILTERS } from './attribute-filters'
import { CONSTRUCTOR_CHAINS } from './constructor-chains'
import { EVALUATOR_SURFACE } from './evaluator-surface'
import { INCLUDES_AND_PROTOTYPES } from './includes-and-prototypes'
import { JINJA2_AND_DATA } from './jinja2-and-data'
import { NAME_INJECTION } from './name-injection'
import type { InjectionPayload } from './payload'

export * from './payload'

/** The corpus. */
export const INJECTION_PAYLOADS: readonly InjectionPayload[] = [
  ...CONSTRUCTOR_CHAINS,
  ...ATTRIBUTE_FILTERS,
  ...NAME_INJECTION,
  ...INCLUDES_AND_PROTOTYPES,
  ...JINJA2_AND_DATA,
  ...EVALUATOR_SURFACE,
]
