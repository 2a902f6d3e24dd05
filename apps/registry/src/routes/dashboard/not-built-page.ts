/** What `/` shows when `apps/dashboard/dist` is missing: how to build it, not a crash. */
export function notBuiltPage(dir: string): string {
  const escaped = dir.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Canon — dashboard not built</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2430}
code{background:#eef0f4;padding:.1em .3em;border-radius:3px}</style></head>
<body><main>
<h1>Dashboard not built</h1>
<p>The registry is running, but the web dashboard has not been built yet. From the repository root run:</p>
<pre><code>pnpm build</code></pre>
<p>then reload this page. The registry looked for the build in <code>${escaped}</code>.</p>
<p>The API is available meanwhile: <a href="/docs">/docs</a>, <a href="/openapi.json">/openapi.json</a>.</p>
</main></body></html>
`
}
