import type { RequestHandler } from "express";

/**
 * Only the server's own files may run or load: no inline script or style, no frames, no plug-ins. The page's
 * JavaScript and CSS are separate files for exactly this reason. Forms post to this site only, or to the
 * sign-in provider given, whose sign-out page the sign-out form is redirected to (browsers check
 * form-action on every redirect of a form's submission).
 */
function contentSecurityPolicy(formActionOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${["'self'", ...formActionOrigins].join(" ")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sets the security headers on every response, without a dependency. */
export function securityHeaders(options: { formActionOrigins?: readonly string[] } = {}): RequestHandler {
  const headers = {
    "Content-Security-Policy": contentSecurityPolicy(options.formActionOrigins ?? []),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  return (_req, res, next) => {
    res.set(headers);
    next();
  };
}
