import { describe, expect, it } from 'vitest'
import { markdownToHtml } from './markdown'

describe('markdownToHtml', () => {
  it('renders the Markdown descriptions are written in', () => {
    const html = markdownToHtml(
      'Turns a ticket into **JSON**. `output_format: summary` gives a card.\n\n- one\n- [docs](https://example.com/a)',
    )
    expect(html).toContain('<strong>JSON</strong>')
    expect(html).toContain('<code>output_format: summary</code>')
    expect(html).toContain('<li><a href="https://example.com/a">docs</a></li>')
  })

  it('lets no HTML through: tags are escaped text', () => {
    const html = markdownToHtml('Hi <img src=x onerror="alert(1)"> <script>alert(2)</script>')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<script')
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;')
  })

  it('drops javascript: and data: URLs from links and images', () => {
    const html = markdownToHtml(
      '[click](javascript:alert(1)) [js](JaVaScRiPt:alert(1)) ![x](javascript:alert(2)) [d](data:text/html,<script>alert(3)</script>) <javascript:alert(4)>',
    )
    expect(html).not.toMatch(/(href|src)="[^"]*(javascript|data):/i)
    expect(html).not.toContain('<script')
    expect(html).toContain('<a href="">click</a>')
  })
})
