import { micromark } from 'micromark'

/**
 * A description (CommonMark) as HTML that is safe to put in the page: micromark escapes any raw
 * HTML in the text (`<img onerror=…>` shows as text) and drops links and images whose URL is
 * not http(s), mailto or relative (`javascript:` becomes an empty `href`). The registry stores
 * what publishers wrote, so nothing in it may reach the DOM as markup.
 * @example markdownToHtml('Turns a ticket into **JSON**.') // '<p>Turns a ticket into <strong>JSON</strong>.</p>'
 */
export function markdownToHtml(text: string): string {
  return micromark(text, { allowDangerousHtml: false, allowDangerousProtocol: false })
}
