import type { AttachmentService } from '../attachments/index.js';
import type { AuditActor } from '../identity/trust.js';
import type { Principal } from '../identity/principal.js';
import type { Store } from '../store/types.js';
import type { SupplyNotices } from './notices.js';

/** What the supply services are given. */
export interface SupplyDeps {
  store: Store;
  attachments: AttachmentService;
  notices: SupplyNotices;
  now: () => Date;
}

/** The questionnaire every supplier assessment answers. */
export const SUPPLY_QUESTIONNAIRE = 'supply-chain';

/** How long a submitted assessment stays valid. */
export const VALIDITY_DAYS = 365;

/** Append one audit entry for a supply mutation (the same log as the operator console's). */
export async function audit(d: SupplyDeps, p: Principal, action: string, subject: string, details: Record<string, unknown>): Promise<void> {
  const actor: AuditActor = { name: p.user.email, userId: p.user.id };
  await d.store.trust.appendAudit({ at: d.now().toISOString(), actor: actor.name, actorUserId: actor.userId, action, subject, details });
}
