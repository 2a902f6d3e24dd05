import { useMemo } from 'preact/hooks'
import { markdownToHtml } from '../format/markdown'

/**
 * A description written in Markdown, rendered (safely: see `markdownToHtml`).
 * @example <MarkdownText class="description" text={prompt.description} />
 */
export function MarkdownText(props: { text: string; class?: string }) {
  const html = useMemo(() => markdownToHtml(props.text), [props.text])
  // Safe: micromark escapes raw HTML and empties unsafe URLs.
  return (
    <div
      class={`markdown ${props.class ?? ''}`.trim()}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  )
}
