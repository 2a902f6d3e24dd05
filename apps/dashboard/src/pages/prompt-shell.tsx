import type { ComponentChildren } from 'preact'
import type { PromptDetail } from '../api/types'
import type { Resource } from '../api/use-resource'
import { ErrorPanel } from '../components/error-panel'
import { LabelChips } from '../components/label-chips'
import { Loading } from '../components/loading'
import { MarkdownText } from '../components/markdown-text'
import { PageHeading } from '../components/page-heading'
import { Link } from '../router/link'
import { hrefFor } from '../router/routes'

export type PromptTab = 'prompt' | 'metrics' | 'compare' | 'ab'

const TABS: { id: PromptTab; text: string }[] = [
  { id: 'prompt', text: 'Versions' },
  { id: 'metrics', text: 'Metrics' },
  { id: 'compare', text: 'Compare versions' },
  { id: 'ab', text: 'A/B test' },
]

/**
 * The frame of a prompt's pages: breadcrumb, name, labels and the tab links (real links, so each
 * view has its own deep link). The content renders once the prompt has loaded.
 */
export function PromptShell(props: {
  name: string
  tab: PromptTab
  prompt: Resource<PromptDetail>
  children: (prompt: PromptDetail) => ComponentChildren
}) {
  const { name, tab, prompt } = props
  const tabText = TABS.find((t) => t.id === tab)?.text ?? ''
  const labels = Object.fromEntries((prompt.data?.labels ?? []).map((l) => [l.label, l.version]))
  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <Link href="/">Prompts</Link> <span aria-hidden="true">/</span>
      </nav>
      <PageHeading title={tab === 'prompt' ? name : `${name} — ${tabText}`}>{name}</PageHeading>
      {prompt.data && (
        <div class="prompt-meta">
          {prompt.data.description && (
            <MarkdownText class="description" text={prompt.data.description} />
          )}
          <LabelChips labels={labels} />
          {prompt.data.tags.length > 0 && (
            <ul class="tags" aria-label="Tags">
              {prompt.data.tags.map((t) => (
                <li key={t}>
                  <Link class="tag" href={hrefFor({ page: 'prompts', q: '', tag: t })}>
                    {t}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <nav aria-label="Prompt views" class="tabs">
        <ul>
          {TABS.map((t) => (
            <li key={t.id}>
              <Link
                href={tabHref(t.id, name)}
                aria-current={t.id === tab ? 'page' : undefined}
                class={t.id === tab ? 'tab active' : 'tab'}
              >
                {t.text}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {prompt.error && (
        <ErrorPanel
          error={prompt.error}
          what={`prompt ${name}`}
          {...(prompt.error.status === 404 ? {} : { onRetry: prompt.reload })}
        />
      )}
      {prompt.loading && !prompt.data && <Loading what={name} />}
      {prompt.data && props.children(prompt.data)}
    </>
  )
}

function tabHref(tab: PromptTab, name: string): string {
  switch (tab) {
    case 'prompt':
      return hrefFor({ page: 'prompt', name })
    case 'metrics':
      return hrefFor({ page: 'metrics', name, range: '24h' })
    case 'compare':
      return hrefFor({ page: 'compare', name, view: 'unified' })
    case 'ab':
      return hrefFor({ page: 'ab', name, range: '7d' })
  }
}
