/**
 * One delivery email: subject, text part and HTML part, in the subscription's language. The
 * TLP label leads the subject (`[TLP:AMBER] …`) and both bodies, as FIRST asks: the most
 * restrictive TLP of the items for the message, and each item's own beside it. A digest lists
 * its items grouped by info type. Every STIX string is escaped in HTML (and kept out of header
 * line breaks); the HTML loads nothing remote: no images, no stylesheets, inline styles only.
 */
import type { Language } from '../../store/notify-types.js';
import { tlpLabel, TLP_ORDER, type Tlp } from '../../stix/markings.js';
import type { ItemView } from '../items.js';
import { stringsFor, type MailStrings } from './strings.js';

export interface MailInput {
  language: Language;
  kind: 'items' | 'digest';
  digest?: { mode: 'daily' | 'weekly'; from: string; to: string };
  items: ItemView[];
  subscriptionName: string;
  unsubscribeUrl: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** the TLP that leads the message */
  tlp: Tlp;
}

const INFO_ORDER = ['threat', 'vulnerability', 'incident', 'analysis', 'best-practice'];

/** FIRST TLP 2.0 label colours (on black). */
const TLP_COLOUR: Record<Tlp, string> = {
  clear: '#FFFFFF', green: '#33FF00', amber: '#FFC000', 'amber+strict': '#FFC000', red: '#FF2B2B',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** A header-safe single line: no control characters, at most `n` characters. */
export function oneLine(s: string, n = 120): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const flat = s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

export function highestTlp(items: readonly { tlp: string }[]): Tlp {
  let rank = 0;
  for (const i of items) rank = Math.max(rank, TLP_ORDER.indexOf(i.tlp as Tlp));
  return TLP_ORDER[rank] ?? 'red';
}

const day = (iso: string): string => iso.slice(0, 10);

function facts(i: ItemView, t: MailStrings): { label: string; value: string }[] {
  const c = i.classificationParsed;
  const out: { label: string; value: string }[] = [];
  out.push({ label: t.labels.infoType, value: c.infoType ? (t.infoType[c.infoType] ?? c.infoType) : t.unclassified });
  if (c.purposes.length > 0) out.push({ label: t.labels.purpose, value: c.purposes.map((p) => t.purpose[p] ?? p).join(', ') });
  if (c.timing) out.push({ label: t.labels.timing, value: t.timing[c.timing] ?? c.timing });
  out.push({ label: t.labels.provider, value: i.provider ? i.provider.name : t.labels.anonymous });
  out.push({ label: t.labels.added, value: i.date_added.replace('T', ' ').slice(0, 16) + ' UTC' });
  return out;
}

function groups(input: MailInput): { heading: string | null; items: ItemView[] }[] {
  if (input.kind !== 'digest') return [{ heading: null, items: input.items }];
  const t = stringsFor(input.language);
  const by = new Map<string, ItemView[]>();
  for (const i of input.items) {
    const k = i.classificationParsed.infoType ?? '';
    by.set(k, [...(by.get(k) ?? []), i]);
  }
  const keys = [...by.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.map((k) => ({ heading: `${k === '' ? t.unclassified : (t.infoType[k] ?? k)} (${by.get(k)!.length})`, items: by.get(k)! }));
}

function rank(infoType: string): number {
  const i = INFO_ORDER.indexOf(infoType);
  return i < 0 ? INFO_ORDER.length + (infoType === '' ? 1 : 0) : i;
}

export function renderMail(input: MailInput): RenderedMail {
  const t = stringsFor(input.language);
  const tlp = highestTlp(input.items);
  const label = tlpLabel(tlp);
  const flash = input.items.some((i) => i.classificationParsed.timing === 'flash');
  const n = input.items.length;
  const body = input.kind === 'digest' && input.digest
    ? t.subjectDigest(input.digest.mode, day(input.digest.to), n)
    : n === 1 ? t.subjectOne(oneLine(`${t.stixType(input.items[0]!.type)}: ${input.items[0]!.label}`)) : t.subjectMany(n);
  const subject = `[${label}]${flash ? ` ${t.flashTag}` : ''} ${body}`;
  const heading = input.kind === 'digest' && input.digest
    ? t.headingDigest(input.digest.mode, day(input.digest.from), day(input.digest.to))
    : t.headingItems(n);
  return { subject, text: text(input, t, tlp, heading), html: html(input, t, tlp, heading), tlp };
}

function text(input: MailInput, t: MailStrings, tlp: Tlp, heading: string): string {
  const lines: string[] = [`${tlpLabel(tlp)} — ${t.tlpRule[tlp]}`, '', heading, ''];
  for (const g of groups(input)) {
    if (g.heading) lines.push(`== ${g.heading} ==`, '');
    for (const i of g.items) {
      lines.push(`■ [${tlpLabel(i.tlp as Tlp)}] ${t.stixType(i.type)}: ${oneLine(i.label, 200)}`);
      lines.push(`  ${facts(i, t).map((f) => `${f.label}: ${f.value}`).join(' / ')}`);
      if (i.description) lines.push(...i.description.split(/\r?\n/).map((l) => `  ${l}`));
      lines.push(`  ${i.url}`, '');
    }
  }
  lines.push('--', t.footer(input.subscriptionName), `${t.unsubscribe}: ${input.unsubscribeUrl}`, '');
  return lines.join('\n');
}

function badge(tlp: Tlp): string {
  return `<span style="background:#000;color:${TLP_COLOUR[tlp]};font-family:monospace;font-weight:bold;padding:1px 6px;border-radius:3px">${escapeHtml(tlpLabel(tlp))}</span>`;
}

function html(input: MailInput, t: MailStrings, tlp: Tlp, heading: string): string {
  const e = escapeHtml;
  const parts: string[] = [
    `<!DOCTYPE html><html lang="${input.language}"><head><meta charset="utf-8"><title>${e(heading)}</title></head>`,
    '<body style="margin:0;padding:16px;font-family:sans-serif;font-size:14px;line-height:1.5;color:#111;background:#fff">',
    `<div style="max-width:640px;margin:0 auto;overflow-wrap:anywhere">`,
    `<p style="margin:0 0 12px">${badge(tlp)} ${e(t.tlpRule[tlp])}</p>`,
    `<h1 style="font-size:18px;margin:0 0 16px">${e(heading)}</h1>`,
  ];
  for (const g of groups(input)) {
    if (g.heading) parts.push(`<h2 style="font-size:16px;margin:20px 0 8px;border-bottom:1px solid #ccc">${e(g.heading)}</h2>`);
    for (const i of g.items) {
      parts.push('<div style="margin:0 0 16px">');
      parts.push(`<p style="margin:0">${badge(i.tlp as Tlp)} <span style="color:#555">${e(t.stixType(i.type))}</span> <a href="${e(i.url)}" style="font-weight:bold">${e(i.label)}</a></p>`);
      parts.push(`<p style="margin:2px 0;color:#555;font-size:12px">${facts(i, t).map((f) => `${e(f.label)}: ${e(f.value)}`).join(' / ')}</p>`);
      if (i.description) parts.push(`<p style="margin:4px 0;white-space:pre-wrap">${e(i.description)}</p>`);
      parts.push('</div>');
    }
  }
  parts.push(
    '<hr style="border:0;border-top:1px solid #ccc;margin:24px 0 8px">',
    `<p style="margin:0;color:#555;font-size:12px">${e(t.footer(input.subscriptionName))} <a href="${e(input.unsubscribeUrl)}">${e(t.unsubscribe)}</a></p>`,
    '</div></body></html>',
  );
  return parts.join('\n');
}
