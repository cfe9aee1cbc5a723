import { matchDeskRoute, type DeskRoute } from './desk-routes';
import { matchPostureRoute, type PostureRoute } from './posture-routes';

/** The portal's client-side routes (history routing; the hub serves index.html for them). */
export type Route =
  | PostureRoute
  | DeskRoute
  | { name: 'home' }
  | { name: 'search' }
  | { name: 'object'; id: string }
  | { name: 'publish' }
  | { name: 'org' }
  | { name: 'admin'; section: string }
  | { name: 'set-password'; token: string }
  | { name: 'sign-in' }
  | { name: 'not-found' };

export const ADMIN_SECTIONS = ['organizations', 'communities', 'users', 'clearance', 'terms', 'audit'] as const;

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Which page a path names. */
export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'home' };
  if (path === '/search') return { name: 'search' };
  if (path === '/publish') return { name: 'publish' };
  if (path === '/org') return { name: 'org' };
  if (path === '/sign-in') return { name: 'sign-in' };
  const posture = matchPostureRoute(path);
  if (posture) return posture;
  const desk = matchDeskRoute(path);
  if (desk) return desk;
  if (path === '/admin') return { name: 'admin', section: 'organizations' };
  let m = /^\/admin\/([a-z-]+)$/.exec(path);
  if (m && (ADMIN_SECTIONS as readonly string[]).includes(m[1]!)) return { name: 'admin', section: m[1]! };
  m = /^\/objects\/([^/]+)$/.exec(path);
  if (m) {
    const id = decode(m[1]!);
    if (id) return { name: 'object', id };
  }
  m = /^\/set-password\/([^/]+)$/.exec(path);
  if (m) {
    const token = decode(m[1]!);
    if (token) return { name: 'set-password', token };
  }
  return { name: 'not-found' };
}

/**
 * A legacy hash route (`/#/set-password/TOKEN`, `/#/objects/ID`) as a path, or null.
 * Invitation links may be written either way; the portal moves the hash form to the path.
 */
export function pathFromHash(hash: string): string | null {
  if (!hash.startsWith('#/')) return null;
  return hash.slice(1);
}

/** Routes that work without a session. */
export function isPublicRoute(route: Route): boolean {
  return route.name === 'set-password' || route.name === 'sign-in';
}
