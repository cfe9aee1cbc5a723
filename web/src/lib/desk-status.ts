/** A report's place in the desk's workflow (new → triaged → routed → closed), for the progress line. */
import type { ReportStatus } from '../api/desk-types';

const STATUS_ORDER: readonly ReportStatus[] = ['new', 'triaged', 'routed', 'closed'];

export interface Step {
  status: ReportStatus;
  state: 'done' | 'current' | 'todo';
}

/**
 * The steps with the current one marked. A report closed without being routed shows
 * `routed` as not done: it was never shared.
 */
export function workflowSteps(status: ReportStatus, wasRouted: boolean): Step[] {
  const at = STATUS_ORDER.indexOf(status);
  return STATUS_ORDER.map((s, i) => {
    if (i === at) return { status: s, state: 'current' };
    if (s === 'routed' && status === 'closed' && !wasRouted) return { status: s, state: 'todo' };
    return { status: s, state: i < at ? 'done' : 'todo' };
  });
}
