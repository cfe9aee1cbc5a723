/**
 * The posture area's routes (organization posture, assessments, supply chain, surveys,
 * board report), matched before the portal's own in routes.ts.
 */
export type PostureRoute =
  | { name: 'posture' }
  | { name: 'assessment'; id: string }
  | { name: 'supply' }
  | { name: 'supply-request'; id: string }
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

const WITH_ID: [RegExp, 'assessment' | 'supply-request' | 'survey'][] = [
  [/^\/posture\/assessments\/([^/]+)$/, 'assessment'],
  [/^\/supply\/requests\/([^/]+)$/, 'supply-request'],
  [/^\/surveys\/([^/]+)$/, 'survey'],
];

/** The posture page a path names, or null when the path is not one of them. */
export function matchPostureRoute(path: string): PostureRoute | null {
  if (path === '/posture') return { name: 'posture' };
  if (path === '/supply') return { name: 'supply' };
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
  supplyRequest: (id: string) => `/supply/requests/${encodeURIComponent(id)}`,
  surveys: '/surveys',
  survey: (id: string) => `/surveys/${encodeURIComponent(id)}`,
  boardReport: '/board-report',
};
