/**
 * Federation (issue 5, docs/federation.md): the peers this hub exchanges with over TAXII 2.1,
 * their durable cursors and status, and three side tables. Written against `Kysely<any>` like
 * 0001: it must keep meaning what it meant.
 *
 * - `peers`: one row per configured peer. Its configuration (URL, API root, collections as a
 *   JSON list, direction, passive (the peer makes the requests), local community, profile, max TLP, TLP 1.0 alongside, organizations it
 *   stands for as a JSON list, CA file, credentials sealed with the hub key), the organization
 *   and system user that stand for it here (`org_id` unique: a principal of that organization is
 *   the peer's account), the cursors (`pull_cursors`: JSON map collection id → the last
 *   X-TAXII-Date-Added-Last stored; `push_cursor`: the last local date_added the peer
 *   acknowledged), the status counters and the lease one process holds while it syncs the peer.
 * - `peer_provenance`: which peer delivered which version, and when (pull and push-received).
 * - `peer_sent`: per peer and STIX id, the last version the peer acknowledged, the TLP it was
 *   sent at, and whether a revocation was sent since, so a narrowing can be answered with a revocation.
 * - `peer_deferred`: versions the peer may receive once their embargo ends (due_us).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function federationMigration(dialect: Dialect): Migration {
  const micros = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('peers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('api_root', 'text', (c) => c.notNull())
        .addColumn('collections', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('pull', 'push', 'both')`))
        .addColumn('passive', 'integer', (c) => c.notNull())
        .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
        .addColumn('org_id', 'text', (c) => c.notNull().unique().references('organizations.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('profile', 'text', (c) => c.notNull().check(sql`profile in ('kyojo', 'standard')`))
        .addColumn('max_tlp', 'text', (c) => c.notNull().check(sql`max_tlp in ('clear', 'green', 'amber')`))
        .addColumn('tlp1', 'integer', (c) => c.notNull())
        .addColumn('as_org_ids', 'text', (c) => c.notNull())
        .addColumn('ca_file', 'text')
        .addColumn('credentials', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('pull_cursors', 'text', (c) => c.notNull())
        .addColumn('push_cursor', micros, (c) => c.notNull())
        .addColumn('last_attempt_at', 'text')
        .addColumn('last_success_at', 'text')
        .addColumn('caught_up_at', 'text')
        .addColumn('last_error_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
        .addColumn('pulled', 'integer', (c) => c.notNull())
        .addColumn('pushed', 'integer', (c) => c.notNull())
        .addColumn('refused', 'integer', (c) => c.notNull())
        .addColumn('revocations', 'integer', (c) => c.notNull())
        .addColumn('lease_holder', 'text')
        .addColumn('lease_until', 'text')
        .execute();

      await db.schema
        .createTable('peer_provenance')
        .addColumn('stix_id', 'text', (c) => c.notNull())
        .addColumn('version_key', 'text', (c) => c.notNull())
        .addColumn('peer_id', 'text', (c) => c.notNull().references('peers.id').onDelete('cascade'))
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('peer_provenance_pk', ['stix_id', 'version_key', 'peer_id'])
        .execute();
      await db.schema.createIndex('peer_provenance_peer').on('peer_provenance').columns(['peer_id']).execute();

      await db.schema
        .createTable('peer_sent')
        .addColumn('peer_id', 'text', (c) => c.notNull().references('peers.id').onDelete('cascade'))
        .addColumn('stix_id', 'text', (c) => c.notNull())
        .addColumn('version_key', 'text', (c) => c.notNull())
        .addColumn('revoked', 'integer', (c) => c.notNull())
        .addColumn('tlp_rank', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('peer_sent_pk', ['peer_id', 'stix_id'])
        .execute();

      await db.schema
        .createTable('peer_deferred')
        .addColumn('peer_id', 'text', (c) => c.notNull().references('peers.id').onDelete('cascade'))
        .addColumn('stix_id', 'text', (c) => c.notNull())
        .addColumn('version_key', 'text', (c) => c.notNull())
        .addColumn('due_us', micros, (c) => c.notNull())
        .addPrimaryKeyConstraint('peer_deferred_pk', ['peer_id', 'stix_id', 'version_key'])
        .execute();
      await db.schema.createIndex('peer_deferred_due').on('peer_deferred').columns(['peer_id', 'due_us']).execute();
    },
  };
}
