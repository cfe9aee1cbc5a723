/**
 * Attachments on the portal's side: sizes in words, and the refusals worth saying before any
 * byte is sent (the hub checks again: size 413, content type 415, a hostile name 422).
 */

/** 1536 → `1.5 KB`, in the UI language's number format; binary multiples, as file managers show them. */
export function formatBytes(bytes: number, lang: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export type FileProblem = { key: 'empty' } | { key: 'tooLarge'; max: number } | { key: 'badName' };

/** Why a chosen file would be refused, or null. */
export function fileProblem(file: { name: string; size: number }, maxBytes: number): FileProblem | null {
  const name = file.name;
  if (name.trim() === '' || /[/\\]/.test(name) || name.split('.').every((p) => p === '') || name.includes('..') || CONTROL.test(name) || RESERVED.test(name)) return { key: 'badName' };
  if (file.size === 0) return { key: 'empty' };
  if (file.size > maxBytes) return { key: 'tooLarge', max: maxBytes };
  return null;
}

/** The download path of an attachment (desk staff only; always served as a download). */
export function attachmentPath(reportId: string, attachmentId: string): string {
  return `/api/v1/reports/${encodeURIComponent(reportId)}/attachments/${encodeURIComponent(attachmentId)}`;
}
