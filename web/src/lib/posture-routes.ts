/**
 * The posture area's routes (organization posture, assessments, supply chain, surveys,
 * board report), matched before the portal's own in routes.ts.
 */
export type PostureRoute =
  | { name: 'posture' }
  | { name: 'assessment'; id: string }
  | { name: 'supply' }
  | { name: 'supply-inbox' }
  | { name: 'supply-assessment'; id: string }
  | { name: 'surveys' }
  | { name: 'survey'; id: string }
  | { name: 'board-report' };

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

const WITH_ID: [RegExp, 'assessment' | 'supply-assessment' | 'survey'][] = [
  [/^\/posture\/assessments\/([^/]+)$/, 'assessment'],
  [/^\/supply\/assessments\/([^/]+)$/, 'supply-assessment'],
  [/^\/surveys\/([^/]+)$/, 'survey'],
];

/** The posture page a path names, or null when the path is not one of them. */
export function matchPostureRoute(path: string): PostureRoute | null {
  if (path === '/posture') return { name: 'posture' };
  if (path === '/supply') return { name: 'supply' };
  if (path === '/supply/inbox') return { name: 'supply-inbox' };
  if (path === '/surveys') return { name: 'surveys' };
  if (path === '/board-report') return { name: 'board-report' };
  for (const [re, name] of WITH_ID) {
    const m = re.exec(path);
    if (!m) continue;
    const id = decode(m[1]!);
    return id ? { name, id } : null;
  }
  return null;
}

/** Paths of the posture pages (links and navigation). */
export const posturePaths = {
  posture: '/posture',
  assessment: (id: string) => `/posture/assessments/${encodeURIComponent(id)}`,
  supply: '/supply',
  supplyInbox: '/supply/inbox',
  supplyAssessment: (id: string) => `/supply/assessments/${encodeURIComponent(id)}`,
  surveys: '/surveys',
  survey: (id: string) => `/surveys/${encodeURIComponent(id)}`,
  boardReport: '/board-report',
};

const POSTURE_NAMES: ReadonlySet<string> = new Set(['posture', 'assessment', 'supply', 'supply-inbox', 'supply-assessment', 'surveys', 'survey', 'board-report']);

/** Whether a portal route is one of the posture pages (App hands those to PosturePages). */
export function isPostureRoute(route: { name: string }): route is PostureRoute {
  return POSTURE_NAMES.has(route.name);
}
