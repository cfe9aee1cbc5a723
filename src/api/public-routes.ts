/**
 * Routes of the REST API answered without authentication (relative to /api/v1). Everything
 * else needs an API token or a portal session. Route authors add their public routes here.
 */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  '/openapi.json',
  // signing in (src/api/session.ts)
  'POST /session',
  // one-time password links: the link is the credential (src/api/password-links.ts)
  '/password-links/:token',
  // one-click unsubscribe from a mail (RFC 8058): the link is the credential (src/api/subscriptions.ts)
  '/unsubscribe/:token',
]);

/** Whether `method url` (url relative to /api/v1, as registered) is public. */
export function isPublicRoute(method: string, url: string): boolean {
  return PUBLIC_ROUTES.has(url) || PUBLIC_ROUTES.has(`${method} ${url}`);
}
