/**
 * The definition → text form the compare page diffs. One function for the dashboard and
 * `canon diff`, in `@canon/core` (browser-safe, no dependencies), so both show the same text.
 * @module
 */
export { definitionText } from '@canon/core/definition-text'
