/**
 * Runs `fn` over `items` with at most `n` calls in flight; results keep the input order.
 * The first rejection rejects the whole run and no further items start (callers that want
 * per-item failures catch inside `fn`). `onProgress(done, total)` fires after each item.
 * @example
 * const results = await runWithConcurrency(cases, 8, (c) => provider.complete(req(c)), (d, t) => bar.update(d / t))
 */
export async function runWithConcurrency<T, R>(
  items: readonly T[],
  n: number,
  fn: (item: T, index: number) => Promise<R>,
  onProgress?: (done: number, total: number) => void,
): Promise<R[]> {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`concurrency must be an integer ≥ 1, got ${n}`)
  const results = new Array<R>(items.length)
  let next = 0
  let done = 0
  let failed = false

  async function worker(): Promise<void> {
    while (!failed && next < items.length) {
      const index = next++
      try {
        results[index] = await fn(items[index] as T, index)
      } catch (err) {
        failed = true
        throw err
      }
      done++
      onProgress?.(done, items.length)
    }
  }

  const workers = Array.from({ length: Math.min(n, items.length) }, () => worker())
  await Promise.all(workers)
  return results
}
