/** Shared fixtures of the contract suite. */
import { UNVERSIONED_KEY, type ObjectVersionInput, type Store } from './types.js';

export const T0 = '2026-01-01T00:00:00.000Z';

/** A community with `n` collections; returns the collection ids. */
export async function seedCollections(store: Store, n = 1, slug = 'fin-isac'): Promise<string[]> {
  const communityId = `community-${slug}`;
  await store.identity.createCommunity({ id: communityId, slug, name: slug, kind: 'isac', sector: 'finance', createdAt: T0 });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${slug}-collection-${i}`;
    await store.collections.create({ id, communityId, title: `Collection ${i}`, description: null, alias: null, createdAt: T0 });
    ids.push(id);
  }
  return ids;
}

/** Version keys that sort like the real ones (fixed-width timestamps). */
export const key = (n: number): string => `2026-01-01T00:00:${String(n).padStart(2, '0')}.000000Z`;

/**
 * One object version. `id` is `<type>--<suffix>`; the JSON embeds the version and
 * `note`, so two calls with different notes are the same version with different content.
 */
export function ver(id: string, versionKey: string, opts: { note?: string; specVersion?: string } = {}): ObjectVersionInput {
  const type = id.split('--')[0] as string;
  const specVersion = opts.specVersion ?? '2.1';
  const versioned = versionKey !== UNVERSIONED_KEY;
  const body: Record<string, unknown> = { id, type, spec_version: specVersion };
  if (versioned) Object.assign(body, { created: key(0), modified: versionKey });
  if (opts.note !== undefined) body.note = opts.note;
  return {
    id,
    type,
    specVersion,
    created: versioned ? key(0) : null,
    modified: versioned ? versionKey : null,
    versionKey,
    json: JSON.stringify(body),
  };
}

export const indicator = (n: number): string => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const malware = (n: number): string => `malware--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const ipv4 = (n: number): string => `ipv4-addr--00000000-0000-5000-8000-${String(n).padStart(12, '0')}`;

/** `${id}@${versionKey}` of each row, a compact form for assertions. */
export const refs = (rows: ReadonlyArray<{ id: string; versionKey: string }>): string[] => rows.map((r) => `${r.id}@${r.versionKey}`);

export function expectIncreasing(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v > (values[i - 1] as number));
}
