/**
 * A subscription as the REST API writes it (snake_case JSON) checked against the policy's own
 * enumerations and turned into the store's form. Pure: the caller supplies what the input may
 * name (its communities by slug, its organization's webhooks). Every error names its property.
 *
 * Rules beyond the enumerations:
 * - communities by slug, only those the caller's organization belongs to (stored as ids);
 * - keywords: at most 50, each 1–100 characters, kept lower-cased and trimmed (matched as
 *   substrings of the lower-cased search text);
 * - channels: at least one; `webhook` only for an organization's subscription (a person's
 *   subscription delivers to that person: what reaches them by name or by their clearance must
 *   not land in an organization-wide system), and then `webhook` names one of the organization's;
 * - `email`: an organization's subscription names its team address (required with the email
 *   channel); a person's goes to the person's own address and takes none.
 */
import { INFO_TYPES, PURPOSES, TIMINGS } from '../policy/envelope.js';
import { SECTORS, TIERS, checkEmail, IdentityInputError } from '../identity/validation.js';
import { isObj } from '../stix/checks-core.js';
import { isStixTypeName } from '../stix/ids.js';
import { TLP_ORDER } from '../stix/markings.js';
import type {
  DeliveryMode, Language, NotifyChannel, Subscription, SubscriptionFilters, Webhook,
} from '../store/notify-types.js';
import type { Community } from '../store/types.js';

export type FieldError = { property: string; message: string };

/** Input the caller must correct; `errors` names each property. */
export class SubscriptionInputError extends Error {
  constructor(message: string, readonly errors: FieldError[]) {
    super(message);
    this.name = 'SubscriptionInputError';
  }
}

export const DELIVERY_MODES: readonly DeliveryMode[] = ['immediate', 'daily', 'weekly'];
export const NOTIFY_CHANNELS: readonly NotifyChannel[] = ['email', 'webhook', 'stream'];
export const LANGUAGES: readonly Language[] = ['ja', 'en'];
export const MAX_KEYWORDS = 50;
export const MAX_KEYWORD_LENGTH = 100;
const MAX_TYPES = 100;

/** Wire name → store name of each filter. */
export const FILTER_WIRE_NAMES = {
  info_types: 'infoTypes', purposes: 'purposes', tiers: 'tiers', timings: 'timings', communities: 'communities',
  sectors: 'sectors', types: 'types', tlps: 'tlps', keywords: 'keywords',
} as const satisfies Record<string, keyof SubscriptionFilters>;

type WireFilter = keyof typeof FILTER_WIRE_NAMES;

export const EMPTY_FILTERS: SubscriptionFilters = {
  infoTypes: [], purposes: [], tiers: [], timings: [], communities: [], sectors: [], types: [], tlps: [], keywords: [],
};

/** What a subscription's input may name. */
export interface InputContext {
  /** communities the caller may filter by, by slug */
  communities: ReadonlyMap<string, Community>;
  /** the organization's webhooks */
  webhooks: readonly Webhook[];
}

/** The fields a caller sets (owner, user and organization come from who asks). */
export type SubscriptionFields = Pick<Subscription, 'name' | 'filters' | 'delivery' | 'channels' | 'webhookId' | 'email' | 'language'>;

const oneOf = (allowed: readonly string[]) => (v: string): string | null =>
  allowed.includes(v) ? null : `'${v.slice(0, 80)}' is not one of: ${allowed.join(', ')}`;

/** A list of strings, each checked (null = fine) and de-duplicated in order. */
function stringList(errors: FieldError[], property: string, value: unknown, check: (v: string) => string | null, max: number): string[] {
  if (!Array.isArray(value)) {
    errors.push({ property, message: 'must be a list of strings' });
    return [];
  }
  if (value.length > max) {
    errors.push({ property, message: `must have at most ${max} entries` });
    return [];
  }
  const out: string[] = [];
  for (const v of value) {
    if (typeof v !== 'string') {
      errors.push({ property, message: 'must be a list of strings' });
      return [];
    }
    const problem = check(v);
    if (problem) errors.push({ property, message: problem });
    else if (!out.includes(v)) out.push(v);
  }
  return out;
}

function keywordList(errors: FieldError[], value: unknown): string[] {
  const property = 'filters.keywords';
  const raw = stringList(errors, property, value, (v) => {
    const t = v.trim();
    return t.length === 0 || t.length > MAX_KEYWORD_LENGTH ? `each keyword must be 1-${MAX_KEYWORD_LENGTH} characters` : null;
  }, MAX_KEYWORDS);
  return [...new Set(raw.map((k) => k.trim().toLowerCase()))];
}

/** The filters of `value` over `base` (a key absent from `value` keeps base's). */
export function parseFilters(errors: FieldError[], value: unknown, ctx: InputContext, base: SubscriptionFilters = EMPTY_FILTERS): SubscriptionFilters {
  const out: SubscriptionFilters = { ...base };
  if (!isObj(value)) {
    errors.push({ property: 'filters', message: `must be an object with any of: ${Object.keys(FILTER_WIRE_NAMES).join(', ')}` });
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (!(k in FILTER_WIRE_NAMES)) {
      errors.push({ property: `filters.${k}`, message: `is not a filter (expected ${Object.keys(FILTER_WIRE_NAMES).join(', ')})` });
      continue;
    }
    const wire = k as WireFilter;
    const property = `filters.${wire}`;
    const list = v === null ? [] : v;
    switch (wire) {
      case 'info_types': out.infoTypes = stringList(errors, property, list, oneOf(INFO_TYPES), INFO_TYPES.length * 2); break;
      case 'purposes': out.purposes = stringList(errors, property, list, oneOf(PURPOSES), PURPOSES.length * 2); break;
      case 'tiers': out.tiers = stringList(errors, property, list, oneOf(TIERS), TIERS.length * 2); break;
      case 'timings': out.timings = stringList(errors, property, list, oneOf(TIMINGS), TIMINGS.length * 2); break;
      case 'sectors': out.sectors = stringList(errors, property, list, oneOf(SECTORS), SECTORS.length * 2); break;
      case 'tlps': out.tlps = stringList(errors, property, list, oneOf(TLP_ORDER), TLP_ORDER.length * 2); break;
      case 'types':
        out.types = stringList(errors, property, list, (t) => (isStixTypeName(t as unknown) ? null : `'${t.slice(0, 80)}' is not a STIX type name`), MAX_TYPES);
        break;
      case 'communities': {
        const slugs = stringList(errors, property, list, (slug) =>
          (ctx.communities.has(slug) ? null : `'${slug.slice(0, 80)}' is not a community your organization belongs to`), 1000);
        out.communities = slugs.map((slug) => ctx.communities.get(slug)!.id);
        break;
      }
      case 'keywords': out.keywords = keywordList(errors, list); break;
    }
  }
  return out;
}

/** Checks what depends on several fields (owner, channels, webhook, email); pushes errors. */
function checkCombination(errors: FieldError[], owner: Subscription['owner'], f: SubscriptionFields, ctx: InputContext): void {
  if (owner === 'user') {
    if (f.channels.includes('webhook')) {
      errors.push({ property: 'channels', message: "'webhook' delivers an organization's subscriptions only; ask your organization's admin" });
    }
    if (f.webhookId !== null) errors.push({ property: 'webhook', message: "webhooks deliver an organization's subscriptions only" });
    if (f.email !== null) errors.push({ property: 'email', message: "a person's subscription goes to that person's own address" });
    return;
  }
  if (f.channels.includes('webhook') && f.webhookId === null) {
    errors.push({ property: 'webhook', message: "is required with the 'webhook' channel: the id of one of your organization's webhooks" });
  }
  if (f.webhookId !== null && !ctx.webhooks.some((w) => w.id === f.webhookId)) {
    errors.push({ property: 'webhook', message: `your organization has no webhook '${f.webhookId.slice(0, 80)}'` });
  }
  if (f.channels.includes('email') && f.email === null) {
    errors.push({ property: 'email', message: "is required with the 'email' channel: the team address to write to" });
  }
}

type Field = keyof SubscriptionFields;
const WIRE_FIELDS: Record<string, Field> = {
  name: 'name', filters: 'filters', delivery: 'delivery', channels: 'channels', webhook: 'webhookId', email: 'email', language: 'language',
};

/**
 * `body`'s fields over `base` (a new subscription's defaults, or the stored one for a change),
 * checked as a whole. `extra` lists further properties the caller reads itself (e.g. `owner`).
 */
export function parseSubscriptionFields(
  body: unknown, owner: Subscription['owner'], base: SubscriptionFields, ctx: InputContext,
  opts: { required?: string[]; extra?: string[]; what: string },
): SubscriptionFields {
  const errors: FieldError[] = [];
  const allowed = [...Object.keys(WIRE_FIELDS), ...(opts.extra ?? [])];
  if (!isObj(body)) throw new SubscriptionInputError(`The body must be a JSON object describing ${opts.what}: {${allowed.map((n) => `"${n}"`).join(', ')}}.`, []);
  const out: SubscriptionFields = { ...base, filters: { ...base.filters }, channels: [...base.channels] };
  for (const name of opts.required ?? []) if (body[name] === undefined || body[name] === null) errors.push({ property: name, message: 'is required' });
  for (const [k, v] of Object.entries(body)) {
    if (!allowed.includes(k)) {
      errors.push({ property: k, message: `is not a property of ${opts.what} (expected ${allowed.join(', ')})` });
      continue;
    }
    const field = WIRE_FIELDS[k];
    if (field === undefined || v === undefined) continue;
    switch (field) {
      case 'name':
        if (typeof v !== 'string' || v.trim().length === 0 || v.trim().length > 200) errors.push({ property: k, message: 'must be 1-200 characters' });
        else out.name = v.trim();
        break;
      case 'filters':
        out.filters = parseFilters(errors, v, ctx, base.filters);
        break;
      case 'delivery': {
        const p = typeof v === 'string' ? oneOf(DELIVERY_MODES)(v) : 'must be a string';
        if (p) errors.push({ property: k, message: p });
        else out.delivery = v as DeliveryMode;
        break;
      }
      case 'language': {
        const p = typeof v === 'string' ? oneOf(LANGUAGES)(v) : 'must be a string';
        if (p) errors.push({ property: k, message: p });
        else out.language = v as Language;
        break;
      }
      case 'channels': {
        const channels = stringList(errors, k, v, oneOf(NOTIFY_CHANNELS), NOTIFY_CHANNELS.length * 2) as NotifyChannel[];
        if (Array.isArray(v) && channels.length === 0 && v.length === 0) errors.push({ property: k, message: `must name at least one of: ${NOTIFY_CHANNELS.join(', ')}` });
        out.channels = channels;
        break;
      }
      case 'webhookId':
        if (v !== null && typeof v !== 'string') errors.push({ property: k, message: 'must be a webhook id or null' });
        else out.webhookId = v;
        break;
      case 'email':
        if (v === null) out.email = null;
        else if (typeof v !== 'string') errors.push({ property: k, message: 'must be an email address or null' });
        else {
          try {
            out.email = checkEmail(v);
          } catch (e) {
            if (!(e instanceof IdentityInputError)) throw e;
            errors.push({ property: k, message: e.message });
          }
        }
        break;
    }
  }
  if (errors.length === 0) checkCombination(errors, owner, out, ctx);
  if (errors.length > 0) throw new SubscriptionInputError(`The ${opts.what.replace(/^an? /, '')} is invalid.`, errors);
  return out;
}
