/**
 * The one contract every Store backend must pass. A backend's test file calls
 * `defineStoreContract(name, makeStore)`; each test gets a fresh, empty store.
 *
 * The semantics are spelled out by the tests themselves, split by area into
 * contract-*.ts so that no file grows unreadable.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from './types.js';
import { identityContract } from './contract-identity.js';
import { maintenanceContract } from './contract-maintenance.js';
import { trustContract } from './contract-trust.js';
import { sharedAddContract } from './contract-shared.js';
import { sharedQueryContract } from './contract-shared-query.js';
import { sharedSearchContract } from './contract-shared-search.js';
import { sessionsContract } from './contract-sessions.js';
import { peersContract } from './contract-peers.js';
import { notifyContract } from './contract-notify.js';
import { outboxContract } from './contract-notify-outbox.js';
import { attachmentsContract } from './contract-attachments.js';
import { deskContract } from './contract-desk.js';
import { supplyContract } from './contract-supply.js';
import { postureContract } from './contract-posture.js';

export interface StoreHarness {
  /** a freshly opened, empty store */
  store: Store;
  /** open the same underlying storage again (after the test closed `store`) */
  reopen(): Promise<Store>;
  /** close whatever is still open and discard the storage */
  cleanup(): Promise<void>;
}

export interface ContractContext {
  readonly store: Store;
  readonly harness: StoreHarness;
}

export function defineStoreContract(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let current: StoreHarness | undefined;
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });
    const ctx: ContractContext = {
      get harness() {
        if (!current) throw new Error('no store: used outside a test');
        return current;
      },
      get store() {
        return this.harness.store;
      },
    };
    describe('identity, collections and statuses', () => identityContract(ctx));
    describe('persistence', () => maintenanceContract(ctx));
    describe('trust: approvals, grants, terms, audit log', () => trustContract(ctx));
    describe('shared.add, delete, count and persistence', () => sharedAddContract(ctx));
    describe('shared.query: scopes, filters, paging, visibility', () => sharedQueryContract(ctx));
    describe('shared.search, countByInfoType, referencing: text, filters, paging, visibility', () => sharedSearchContract(ctx));
    describe('sessions and password links', () => sessionsContract(ctx));
    describe('attachments', () => attachmentsContract(ctx));
    describe('report desk', () => deskContract(ctx));
    describe('supplier assessments', () => supplyContract(ctx));
    describe('posture and surveys', () => postureContract(ctx));
    describe('federation peers', () => peersContract(ctx));
    describe('notify: subscriptions, webhooks, leases', () => notifyContract(ctx));
    describe('notify: the outbox and its cursor', () => outboxContract(ctx));
  });
}
