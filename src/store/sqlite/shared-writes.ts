/**
 * SQLite writes of shared objects on raw better-sqlite3 statements. They run on the writer
 * thread's connection (writer-thread.ts), alongside the status writes (status-writes.ts),
 * so commits never stall the event loop. Each write is one `BEGIN IMMEDIATE` transaction: the
 * lookup, the hub-clock allocation and the inserts see one state, across processes too.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { nowMicros, planFlagRepair, type FlagChange } from '../version-flags.js';
import { classificationColumns, normalizeSharedInput, planSharedAdd, sectorsColumn, type SharedWrite } from '../shared-plan.js';
import { sharedDeleteWhere, toExistingShared, type RawSharedExisting } from '../shared-sql.js';
import { SqlParams } from '../shared-visibility.js';
import type { AddResult, SharedDeleteQuery, SharedVersionInput } from '../types.js';

export interface SharedWriter {
  add(versions: SharedVersionInput[]): AddResult[];
  delete(q: SharedDeleteQuery): number;
}

export function createSharedWriter(db: BetterSqlite3.Database): SharedWriter {
  // Every flagged row of the batch's ids, plus rows whose version occurs in the batch (the
  // identical / conflict / envelope-change candidates), with what their signature needs.
  const lookup = db.prepare<[string, string], RawSharedExisting>(
    `SELECT o.stix_id, o.version_key, o.json, o.json_anonymous, o.date_added, o.is_latest, o.is_first, o.tlp_rank,
       o.min_clearance, o.embargo_until_us, o.attribution, o.provider_org_id, o.provider_user_id, o.sectors, o.classification,
       (SELECT json_group_array(a.aud_key) FROM shared_object_audience a WHERE a.date_added = o.date_added) AS aud_keys,
       (SELECT json_group_array(t.terms_slug) FROM shared_object_terms t WHERE t.date_added = o.date_added) AS terms
     FROM shared_objects o WHERE o.stix_id IN (SELECT value FROM json_each(?))
       AND (o.is_latest = 1 OR o.is_first = 1 OR o.version_key IN (SELECT value FROM json_each(?)))`,
  );
  const clock = db.prepare<[number, number], { last_us: number }>(
    'UPDATE hub_clock SET last_us = max(last_us + 1, ?) + ? - 1 WHERE id = 1 RETURNING last_us',
  );
  const insert = db.prepare(
    `INSERT INTO shared_objects (date_added, stix_id, type, spec_version, version_key, is_latest, is_first, tlp_rank,
       min_clearance, has_terms, has_endpoints, embargo_until_us, provider_org_id, provider_user_id, attribution, sectors,
       info_type, timing, purposes, tiers, created, modified, classification, json_anonymous, json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSearch = db.prepare('INSERT INTO shared_object_search (rowid, search_text) VALUES (?, ?)');
  const insertAudience = db.prepare('INSERT INTO shared_object_audience (aud_key, date_added, type) VALUES (?, ?, ?)');
  const insertTerms = db.prepare('INSERT INTO shared_object_terms (date_added, terms_slug) VALUES (?, ?)');
  const insertEndpoint = db.prepare('INSERT INTO shared_object_endpoints (date_added, ref_id) VALUES (?, ?)');
  const removers = [
    ...['shared_object_audience', 'shared_object_terms', 'shared_object_endpoints', 'shared_objects'].map((t) =>
      db.prepare<[number]>(`DELETE FROM ${t} WHERE date_added = ?`),
    ),
    db.prepare<[number]>('DELETE FROM shared_object_search WHERE rowid = ?'),
  ];
  const setFlags = db.prepare('UPDATE shared_objects SET is_latest = ?, is_first = ? WHERE stix_id = ? AND version_key = ?');
  const versionsOf = db.prepare<[string], { version_key: string; is_latest: number; is_first: number }>(
    'SELECT version_key, is_latest, is_first FROM shared_objects WHERE stix_id = ?',
  );
  const matching = new Map<string, BetterSqlite3.Statement>();

  const remove = (dateAdded: number): void => {
    for (const r of removers) r.run(dateAdded);
  };
  const applyFlags = (changes: FlagChange[]): void => {
    for (const f of changes) setFlags.run(f.isLatest ? 1 : 0, f.isFirst ? 1 : 0, f.stixId, f.versionKey);
  };
  const write = (w: SharedWrite, dateAdded: number): void => {
    const v = w.input;
    const e = v.envelope;
    const c = classificationColumns(e.classificationJson);
    insert.run(
      dateAdded, v.id, v.type, v.specVersion, v.versionKey, w.isLatest ? 1 : 0, w.isFirst ? 1 : 0, e.tlpRank, e.minClearance,
      e.terms.length > 0 ? 1 : 0, v.endpoints.length > 0 ? 1 : 0, e.embargoUntilUs, e.providerOrgId, e.providerUserId,
      e.attribution, sectorsColumn(e.sectors), c.infoType, c.timing, c.purposes, c.tiers, v.created, v.modified,
      e.classificationJson, v.jsonAnonymous, v.json,
    );
    // normalizeSharedInput always sets it
    insertSearch.run(dateAdded, v.searchText ?? '');
    for (const k of e.audienceKeys) insertAudience.run(k, dateAdded, v.type);
    for (const t of e.terms) insertTerms.run(dateAdded, t);
    for (const r of v.endpoints) insertEndpoint.run(dateAdded, r);
  };

  const addTx = db.transaction((versions: SharedVersionInput[]): AddResult[] => {
    const ids = [...new Set(versions.map((v) => v.id))];
    const keys = [...new Set(versions.map((v) => v.versionKey))];
    const existing = lookup.all(JSON.stringify(ids), JSON.stringify(keys)).map(toExistingShared);
    const plan = planSharedAdd(versions, existing);
    let base = 0;
    if (plan.allocations > 0) {
      const last = (clock.get(nowMicros(), plan.allocations) as { last_us: number }).last_us;
      base = last - plan.allocations + 1;
    }
    // removals first: a rewritten version is inserted again under the same (id, version)
    for (const w of plan.writes) if (w.replaces !== null) remove(w.replaces);
    for (const w of plan.writes) write(w, base + w.seq);
    applyFlags(plan.flagChanges);
    return plan.results(base);
  });

  const deleteTx = db.transaction((q: SharedDeleteQuery): number => {
    const b = new SqlParams('sqlite');
    const text = `SELECT o.date_added FROM shared_objects o WHERE ${sharedDeleteWhere(b, q, 'o')}`;
    let stmt = matching.get(text);
    if (!stmt) {
      stmt = db.prepare(text);
      if (matching.size < 100) matching.set(text, stmt);
    }
    const doomed = (stmt.all(b.bound()) as { date_added: number }[]).map((r) => r.date_added);
    for (const d of doomed) remove(d);
    if (doomed.length > 0) {
      const remaining = versionsOf.all(q.id).map((r) => ({ versionKey: r.version_key, isLatest: r.is_latest === 1, isFirst: r.is_first === 1 }));
      applyFlags(planFlagRepair(q.id, remaining));
    }
    return doomed.length;
  });

  return {
    add: (versions) => (versions.length === 0 ? [] : addTx.immediate(versions.map(normalizeSharedInput))),
    delete: (q) => deleteTx.immediate(q),
  };
}
