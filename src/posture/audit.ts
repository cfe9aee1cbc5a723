/** The audit log entries of posture, survey and board-report mutations (the same log as the operator console's). */
import type { Principal } from '../identity/principal.js';
import type { Store } from '../store/types.js';

export async function auditPosture(store: Store, p: Principal, action: string, subject: string, details: Record<string, unknown>, at: string): Promise<void> {
  await store.trust.appendAudit({ at, actor: p.user.email, actorUserId: p.user.id, action, subject, details });
}
