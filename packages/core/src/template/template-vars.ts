/**
 * The object a render's variables live in. Nothing from `Object.prototype` sits behind it
 * (so `{{ toString }}` or `{{ constructor }}` find nothing), yet unlike
 * `Object.create(null)` it is created in V8's fast mode, which halves the cost of a render's
 * input check.
 * @module
 */
class TemplateVars {}
Object.setPrototypeOf(TemplateVars.prototype, null)
Reflect.deleteProperty(TemplateVars.prototype, 'constructor')

/** A new, empty variables object. */
export function createVars(): Record<string, unknown> {
  return new TemplateVars() as Record<string, unknown>
}

/** A shallow copy of `vars` as a variables object (each chat message renders in its own). */
export function copyVars(vars: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(createVars(), vars)
}

/** Whether `vars` is a variables object (nothing from Object.prototype behind it). */
export function isVars(vars: object): boolean {
  return Object.getPrototypeOf(vars) === TemplateVars.prototype
}
