/**
 * Names templates and inputs may never use, whatever their position: they lead from a
 * JavaScript value to `Function` or to shared prototypes. The template engine is an
 * allow-list and cannot reach them anyway; these names get a clear message instead of a
 * puzzling "undefined" (SPEC §1).
 * @module
 */

/** Property names that lead from any value to `Function` or to shared prototypes. */
export const FORBIDDEN_KEYS: ReadonlyMap<string, string> = new Map([
  ['constructor', 'it could reach the Function constructor'],
  ['__proto__', 'it could reach and modify shared prototypes'],
  ['prototype', 'it could reach and modify shared prototypes'],
])

/** Message for a forbidden key, e.g. "access to `constructor` is not allowed in templates (…)". */
export function forbiddenKeyMessage(key: string): string {
  return `access to \`${key}\` is not allowed in templates (${FORBIDDEN_KEYS.get(key)})`
}
