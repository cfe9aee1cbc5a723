/**
 * The report desk's routes (reports, the staff queue, statistics) and the case collection,
 * matched before the portal's own in routes.ts.
 */
export type DeskRoute =
  | { name: 'desk' }
  | { name: 'desk-new' }
  | { name: 'desk-report'; id: string }
  | { name: 'desk-edit'; id: string }
  | { name: 'desk-queue' }
  | { name: 'desk-stats' }
  | { name: 'desk-profile' }
  | { name: 'desk-settings' }
  | { name: 'cases' }
  | { name: 'case'; id: string };

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

const FIXED: Record<string, DeskRoute> = {
  '/desk': { name: 'desk' },
  '/desk/new': { name: 'desk-new' },
  '/desk/queue': { name: 'desk-queue' },
  '/desk/statistics': { name: 'desk-stats' },
  '/desk/profile': { name: 'desk-profile' },
  '/desk/settings': { name: 'desk-settings' },
  '/cases': { name: 'cases' },
};

const WITH_ID: [RegExp, 'desk-report' | 'desk-edit' | 'case'][] = [
  [/^\/desk\/reports\/([^/]+)$/, 'desk-report'],
  [/^\/desk\/reports\/([^/]+)\/edit$/, 'desk-edit'],
  [/^\/cases\/([^/]+)$/, 'case'],
];

const DESK_NAMES = new Set<string>(['desk', 'desk-new', 'desk-report', 'desk-edit', 'desk-queue', 'desk-stats', 'desk-profile', 'desk-settings', 'cases', 'case']);

/** The desk page a path names, or null when the path is not one of them. */
export function matchDeskRoute(path: string): DeskRoute | null {
  const fixed = FIXED[path];
  if (fixed) return fixed;
  for (const [re, name] of WITH_ID) {
    const m = re.exec(path);
    if (!m) continue;
    const id = decode(m[1]!);
    return id ? { name, id } : null;
  }
  return null;
}

/** Whether a route (of the portal's union) is one of the desk's. */
export function isDeskRoute(route: { name: string }): route is DeskRoute {
  return DESK_NAMES.has(route.name);
}

/** Paths of the desk pages (links and navigation). */
export const deskPaths = {
  desk: '/desk',
  newReport: '/desk/new',
  report: (id: string) => `/desk/reports/${encodeURIComponent(id)}`,
  editReport: (id: string) => `/desk/reports/${encodeURIComponent(id)}/edit`,
  queue: '/desk/queue',
  statistics: '/desk/statistics',
  profile: '/desk/profile',
  settings: '/desk/settings',
  cases: '/cases',
  case: (id: string) => `/cases/${encodeURIComponent(id)}`,
};
