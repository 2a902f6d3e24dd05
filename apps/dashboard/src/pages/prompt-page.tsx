import { useResource } from '../api/use-resource'
import { useSession } from '../auth/session'
import type { Route } from '../router/routes'
import { PromptAb } from './prompt-ab'
import { PromptCompare } from './prompt-compare'
import { PromptMetricsView } from './prompt-metrics'
import { PromptShell } from './prompt-shell'
import { PromptVersions } from './prompt-versions'

type PromptRoute = Extract<Route, { page: 'prompt' | 'metrics' | 'compare' | 'ab' }>

/** A prompt's pages; the prompt is loaded once and kept while switching tabs. */
export function PromptPage(props: { route: PromptRoute }) {
  const { route } = props
  const { api } = useSession()
  const prompt = useResource(() => api.getPrompt(route.name), [api, route.name])
  return (
    <PromptShell name={route.name} tab={route.page} prompt={prompt}>
      {(detail) => {
        switch (route.page) {
          case 'prompt':
            return <PromptVersions prompt={detail} reload={prompt.reload} />
          case 'metrics':
            return <PromptMetricsView prompt={detail} range={route.range} />
          case 'compare':
            return (
              <PromptCompare
                prompt={detail}
                view={route.view}
                {...(route.from !== undefined ? { from: route.from } : {})}
                {...(route.to !== undefined ? { to: route.to } : {})}
              />
            )
          case 'ab':
            return <PromptAb prompt={detail} range={route.range} />
        }
      }}
    </PromptShell>
  )
}
