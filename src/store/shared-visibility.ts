/**
 * The VisibilityPredicate (types.ts) compiled to SQL, for both dialects. This is the only
 * place the envelope rule exists as SQL; src/store/shared-sql.ts places it in queries and the
 * generated matrix test (src/policy/predicate-matrix.test.ts) holds it to `mayView`.
 *
 * For a version row `o`:
 *   o.provider_org_id = :own
 *   OR (not under embargo at :now
 *       AND NOT (o.type = 'identity' AND attribution hidden: 'none', or 'operators' unless seesAll)
 *       AND (seesAll
 *            OR (min_clearance <= :clearance AND (no sectors OR :sector among them)
 *                AND (no terms OR none outside :accepted)
 *                AND some audience row of o holds a key k of the viewer with o.tlp_rank <= rank(k))))
 * Constants of the predicate are folded into the text (a clearance of 0 is `min_clearance = 0`,
 * no sector is `sectors IS NULL`, ...), so each viewer kind gets the shortest condition.
 */
import type { Dialect } from './schema.js';
import type { VisibilityPredicate } from './types.js';

/**
 * Placeholders for one statement. PostgreSQL numbers them ($n); SQLite gets named ones
 * (@pn), since better-sqlite3 does not take numbered ones. Either way a value can be used
 * in several places and text can be built in any order.
 */
export class SqlParams {
  readonly values: unknown[] = [];
  private readonly named = new Map<string, string>();
  constructor(readonly dialect: Dialect) {}

  p(value: unknown): string {
    this.values.push(value);
    return this.dialect === 'postgres' ? `$${this.values.length}` : `@p${this.values.length}`;
  }

  /** one placeholder per `name`, whatever the number of uses */
  once(name: string, value: unknown): string {
    let ph = this.named.get(name);
    if (ph === undefined) this.named.set(name, (ph = this.p(value)));
    return ph;
  }

  /** `column` equals one of `values` (empty: nothing). One value is `=`, which keeps index order. */
  oneOf(column: string, values: readonly (string | number)[], pgType: 'text' | 'bigint' = 'text', name?: string): string {
    if (values.length === 0) return '1 = 0';
    const ph = (v: unknown) => (name === undefined ? this.p(v) : this.once(name, v));
    if (values.length === 1) return `${column} = ${ph(values[0])}`;
    if (this.dialect === 'postgres') return `${column} = ANY(${ph(values)}::${pgType}[])`;
    if (name !== undefined) return `${column} IN (${values.map((v, i) => this.once(`${name}#${i}`, v)).join(', ')})`;
    return `${column} IN (${values.map((v) => this.p(v)).join(', ')})`;
  }

  /** what the driver binds: an array for pg, an object of named values for better-sqlite3 */
  bound(): unknown[] | Record<string, unknown> {
    if (this.dialect === 'postgres') return this.values;
    const o: Record<string, unknown> = {};
    this.values.forEach((v, i) => (o[`p${i + 1}`] = v));
    return o;
  }
}

/** Throws RangeError for a predicate whose numbers would be folded into SQL text unchecked. */
export function checkPredicate(p: VisibilityPredicate): void {
  if (![0, 1, 2, 3].includes(p.clearance)) throw new RangeError(`predicate: bad clearance ${p.clearance}`);
  if (!Number.isSafeInteger(p.nowUs)) throw new RangeError(`predicate: bad nowUs ${p.nowUs}`);
  for (const k of p.keys) if (!Number.isInteger(k.maxTlpRank)) throw new RangeError(`predicate: bad maxTlpRank for ${k.key}`);
}

/** The viewer's keys grouped by rank (highest rank per key), ranks that admit something only. */
function keysByRank(p: VisibilityPredicate): Map<number, string[]> {
  const best = new Map<string, number>();
  for (const k of p.keys) best.set(k.key, Math.max(best.get(k.key) ?? -1, k.maxTlpRank));
  const out = new Map<number, string[]>();
  for (const [key, rank] of [...best].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))) {
    if (rank < 0) continue;
    const r = Math.min(rank, 4);
    out.set(r, [...(out.get(r) ?? []), key]);
  }
  return out;
}

/**
 * The visibility of row alias `o`. `via`: the audience key the scan is driven by (a row of
 * it exists for `o`), so when the viewer holds that key the audience test is a rank compare.
 */
export function visibleSql(b: SqlParams, p: VisibilityPredicate, o: string, via?: string): string {
  const open = `(${o}.embargo_until_us IS NULL OR ${o}.embargo_until_us <= ${b.once('now', p.nowUs)})`;
  // the provider's identity under hidden attribution stays in the hub (policy mayView)
  const identity = p.seesAll
    ? `(${o}.type <> 'identity' OR ${o}.attribution <> 'none')`
    : `(${o}.type <> 'identity' OR ${o}.attribution = 'public')`;
  let body: string;
  if (p.seesAll) body = `${open} AND ${identity}`;
  else {
    const conds = [open, identity];
    conds.push(p.clearance === 0 ? `${o}.min_clearance = 0` : `${o}.min_clearance <= ${p.clearance}`);
    if (p.sector === null) conds.push(`${o}.sectors IS NULL`);
    else {
      const find = b.dialect === 'postgres' ? 'strpos' : 'instr';
      conds.push(`(${o}.sectors IS NULL OR ${find}(${o}.sectors, ${b.once('sector', `|${p.sector}|`)}) > 0)`);
    }
    const accepted = [...new Set(p.acceptedTerms)].sort();
    if (accepted.length === 0) conds.push(`${o}.has_terms = 0`);
    else {
      conds.push(`(${o}.has_terms = 0 OR NOT EXISTS (SELECT 1 FROM shared_object_terms ${o}t WHERE ${o}t.date_added = ${o}.date_added
        AND NOT (${b.oneOf(`${o}t.terms_slug`, accepted, 'text', 'accepted')})))`);
    }
    // One EXISTS over the version's few audience rows, each key group with its TLP bound
    // (measured cheaper per row than one EXISTS per group), after the `via` shortcut.
    const groups = [...keysByRank(p)];
    const admits = groups.map(([rank, keys]) => {
      const match = b.oneOf(`${o}a.aud_key`, keys, 'text', `keys${rank}`);
      return rank >= 4 ? match : `(${match} AND ${o}.tlp_rank <= ${rank})`;
    });
    let reach = groups.length === 0 ? '1 = 0' : `EXISTS (SELECT 1 FROM shared_object_audience ${o}a
        WHERE ${o}a.date_added = ${o}.date_added AND (${admits.join(' OR ')}))`;
    const viaRank = groups.find(([, keys]) => via !== undefined && keys.includes(via))?.[0];
    if (viaRank !== undefined) reach = `(${o}.tlp_rank <= ${viaRank} OR ${reach})`;
    conds.push(reach);
    body = conds.join(' AND ');
  }
  return p.ownOrgId === null ? `(${body})` : `(${o}.provider_org_id = ${b.once('own', p.ownOrgId)} OR (${body}))`;
}

/**
 * A relationship or sighting row `o` must not point at a version the hub holds but the viewer
 * may not see (policy relationshipVisible): no endpoint of `o` is held with no visible
 * version. One level only: an endpoint's own endpoints do not matter.
 */
export function endpointsSql(b: SqlParams, p: VisibilityPredicate, o: string): string {
  return `(${o}.has_endpoints = 0 OR NOT EXISTS (SELECT 1 FROM shared_object_endpoints ${o}e WHERE ${o}e.date_added = ${o}.date_added
    AND EXISTS (SELECT 1 FROM shared_objects ${o}h WHERE ${o}h.stix_id = ${o}e.ref_id)
    AND NOT EXISTS (SELECT 1 FROM shared_objects ${o}x WHERE ${o}x.stix_id = ${o}e.ref_id AND ${visibleSql(b, p, `${o}x`)})))`;
}
