/**
 * What other modules do when identity changes, without identity depending on them: a module
 * registers a hook on a store (`onUserCreated`), and IdentityService runs the store's hooks after
 * the change is written. Today: the default subscriptions of a new account (src/notify/defaults.ts,
 * installed by the server's buildApp and the CLI's withStore).
 */
import type { Organization, Store, User } from '../store/types.js';

export type UserCreatedHook = (user: User, org: Organization) => Promise<void>;

const userCreatedHooks = new WeakMap<Store, UserCreatedHook[]>();

/** Runs `hook` after every user created through IdentityService on `store`; returns its removal. */
export function onUserCreated(store: Store, hook: UserCreatedHook): () => void {
  const hooks = userCreatedHooks.get(store) ?? [];
  hooks.push(hook);
  userCreatedHooks.set(store, hooks);
  return () => {
    const i = hooks.indexOf(hook);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/** The hooks of `store`, in registration order; the user exists already when they run. */
export async function runUserCreatedHooks(store: Store, user: User, org: Organization): Promise<void> {
  for (const hook of [...(userCreatedHooks.get(store) ?? [])]) await hook(user, org);
}
