import { PageHeading } from '../components/page-heading'
import { Link } from '../router/link'

/** A client route that doesn't exist. */
export function NotFoundPage(props: { path: string }) {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>
        There is no dashboard page at <code>{props.path}</code>.{' '}
        <Link href="/">See all prompts</Link>.
      </p>
    </>
  )
}
