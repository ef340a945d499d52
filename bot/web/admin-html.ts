/**
 * The few pages the server renders itself (the admin pages, sign-in messages): text is escaped on the way
 * in, and the pages load only the site's own stylesheet, so the Content-Security-Policy holds unchanged.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe for HTML and SVG, in content and in quoted attributes. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A whole page in the site's look; `body` is markup that has already been escaped where it holds text. */
export function htmlPage(title: string, body: string, options: { nav?: string } = {}): string {
  return `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>${escapeHtml(title)} – Safeguarding guidance assistant</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="/styles.css">
    <link rel="stylesheet" href="/admin.css">
  </head>
  <body>
    <header class="site-header">
      <div class="container header-inner">
        <p class="service-name">Safeguarding guidance assistant</p>
        ${options.nav ?? ""}
      </div>
    </header>
    <main id="main" class="container">
${body}
    </main>
  </body>
</html>
`;
}
