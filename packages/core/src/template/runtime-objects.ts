/**
 * The objects the engine itself hands to templates: the `loop` variable, `cycler()`,
 * `joiner()` and `range()`. Each lists the members a template may read; nothing else.
 * @module
 */
import { getAttr, TemplateObject } from './py-ops'
import { Callable, eq, isInt, type Kwargs, num, renderError, typeName, withRepr } from './py-value'

function noKwargs(name: string, kwargs: Kwargs): void {
  if (kwargs) throw renderError(`\`${name}()\` takes no keyword arguments`)
}

/** Jinja2's `loop`: position in the (filtered) sequence and its neighbours. */
export class LoopObject extends TemplateObject {
  index0 = 0
  private lastChanged: unknown[] | undefined
  /**
   * `more` reads one more item into `items` (false at the end): a `for … if …` loop tests
   * items only as Jinja2 does, when the loop reaches them or `loop.last`/`length` looks ahead.
   */
  constructor(
    readonly items: readonly unknown[],
    readonly depth0: number,
    private readonly more?: () => boolean,
  ) {
    super()
  }

  /** Whether item k exists, reading ahead as far as needed. */
  private has(k: number): boolean {
    while (this.items.length <= k && this.more?.());
    return this.items.length > k
  }

  private count(): number {
    while (this.more?.());
    return this.items.length
  }

  attr(name: string): unknown {
    const i = this.index0
    switch (name) {
      case 'index':
        return i + 1
      case 'index0':
        return i
      case 'revindex':
        return this.count() - i
      case 'revindex0':
        return this.count() - i - 1
      case 'first':
        return i === 0
      case 'last':
        return !this.has(i + 1)
      case 'length':
        return this.count()
      case 'depth':
        return this.depth0 + 1
      case 'depth0':
        return this.depth0
      case 'previtem':
        return i > 0 ? this.items[i - 1] : undefined
      case 'nextitem':
        return this.has(i + 1) ? this.items[i + 1] : undefined
      case 'cycle':
        return new Callable('loop.cycle', (args, kw) => {
          noKwargs('loop.cycle', kw)
          if (args.length === 0) throw renderError('no items for cycling given')
          return args[i % args.length]
        })
      case 'changed':
        return new Callable('loop.changed', (args) => {
          if (
            this.lastChanged &&
            this.lastChanged.length === args.length &&
            args.every((a, k) => eq(a, this.lastChanged?.[k]))
          )
            return false
          this.lastChanged = args
          return true
        })
      default:
        return undefined
    }
  }
}

class Cycler extends TemplateObject {
  private pos = 0
  constructor(private readonly items: unknown[]) {
    super()
  }
  attr(name: string): unknown {
    switch (name) {
      case 'current':
        return this.items[this.pos]
      case 'next':
        return new Callable('cycler.next', (_a, kw) => {
          noKwargs('cycler.next', kw)
          const v = this.items[this.pos]
          this.pos = (this.pos + 1) % this.items.length
          return v
        })
      case 'reset':
        return new Callable('cycler.reset', () => {
          this.pos = 0
          return null
        })
      default:
        return undefined
    }
  }
}

/** Jinja2's `namespace()`: attributes a `{% set ns.x = … %}` inside a loop can change. */
export class Namespace extends TemplateObject {
  private readonly values = new Map<string, unknown>()
  constructor(initial: Kwargs) {
    super()
    if (initial) for (const k of Object.keys(initial)) this.values.set(k, initial[k])
  }
  attr(name: string): unknown {
    return this.values.get(name)
  }
  set(name: string, value: unknown): void {
    this.values.set(name, value)
  }
}

/** `range()` refuses sequences longer than this (as Jinja2's sandbox does). */
export const MAX_RANGE = 100_000

function range(args: unknown[], kwargs: Kwargs): unknown[] {
  noKwargs('range', kwargs)
  for (const a of args)
    if (!isInt(a)) throw renderError(`'${typeName(a)}' object cannot be interpreted as an integer`)
  const n = args.map((a) => num(a))
  let [start = 0, stop = 0, step = 1] = n
  if (n.length === 1) [start, stop] = [0, n[0] as number]
  if (n.length === 0 || n.length > 3) throw renderError('range expected 1 to 3 arguments')
  if (step === 0) throw renderError('range() arg 3 must not be zero')
  const count = Math.max(0, Math.ceil((stop - start) / step))
  if (count > MAX_RANGE) throw renderError(`range() is limited to ${MAX_RANGE} items in templates`)
  const out: number[] = []
  for (let i = 0; i < count; i++) out.push(start + i * step)
  return withRepr(
    out,
    step === 1 ? `range(${start}, ${stop})` : `range(${start}, ${stop}, ${step})`,
  )
}

/** Globals every template can read (and call). */
export const GLOBALS: Readonly<Record<string, unknown>> = Object.assign(Object.create(null), {
  range: new Callable('range', range),
  cycler: new Callable('cycler', (args, kw) => {
    noKwargs('cycler', kw)
    if (args.length === 0) throw renderError('at least one item has to be provided')
    return new Cycler(args)
  }),
  joiner: new Callable('joiner', (args, kw) => {
    const sep = kw && 'sep' in kw ? kw.sep : args.length > 0 ? args[0] : ', '
    let used = false
    return new Callable('joiner', () => {
      if (!used) {
        used = true
        return ''
      }
      return sep
    })
  }),
  namespace: new Callable('namespace', (args, kw) => {
    if (args.length > 0)
      throw renderError('`namespace()` in templates takes keyword arguments only')
    return new Namespace(kw)
  }),
  dict: new Callable('dict', (args, kw) => {
    if (args.length > 0) throw renderError('`dict()` in templates takes keyword arguments only')
    return Object.assign(Object.create(null), kw ?? {})
  }),
})

export { getAttr }
