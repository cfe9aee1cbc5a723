import type { Organization, User } from '../store/types.js';

/** An authenticated viewer: a user acting for its organization. */
export interface Principal {
  user: User;
  org: Organization;
  /** ids of the communities the user's organization belongs to */
  communityIds: ReadonlySet<string>;
  /** the API token used, when authenticated by token */
  tokenId: string | null;
}
