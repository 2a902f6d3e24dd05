const STORAGE_KEY = 'canon.apiKey'

/**
 * Takes a key handed over in the URL fragment (`/#key=canon_…`, as `canon serve` prints it),
 * stores it and removes it from the address bar and history, so it is not left in bookmarks or
 * screenshots. Returns the key in use afterwards, if any.
 */
export function adoptKeyFromLocation(): string | null {
  const hash = window.location.hash
  if (hash.startsWith('#')) {
    const params = new URLSearchParams(hash.slice(1))
    const key = params.get('key')?.trim()
    if (key) {
      saveKey(key)
      params.delete('key')
      const rest = params.toString()
      const url = `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`
      window.history.replaceState(window.history.state, '', url)
    }
  }
  return loadKey()
}

/** The stored key, or null. */
export function loadKey(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

/** Remembers the key in this browser (localStorage). */
export function saveKey(key: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, key)
  } catch {
    // Storage disabled (private mode): the key lasts for this page only.
  }
}

/** Forgets the key. */
export function clearKey(): void {
  try {
    window.localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Nothing stored.
  }
}

/** `canon_abcd…wxyz`: enough to recognise a key without showing it. */
export function maskKey(key: string): string {
  return key.length <= 12 ? '••••' : `${key.slice(0, 8)}…${key.slice(-4)}`
}
