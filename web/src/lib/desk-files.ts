/**
 * Attachments on the portal's side: the refusals worth saying before any byte is sent (the hub
 * checks again: size 413, content type 415, a hostile name 422). Sizes: formatBytes in format.ts.
 */

// The hub's own rules (src/attachments/names.ts), so that the portal says no before uploading.
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// C0 and C1 controls, DEL, and the bidirectional overrides that disguise `exe.pdf` as `fdp.exe`
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const MAX_NAME = 200;

export type FileProblem = { key: 'empty' } | { key: 'tooLarge'; max: number } | { key: 'badName' };

/** Why a chosen file would be refused, or null. */
export function fileProblem(file: { name: string; size: number }, maxBytes: number): FileProblem | null {
  const name = file.name;
  const bad =
    name.trim() === '' || [...name].length > MAX_NAME || CONTROL.test(name) || /[/\\]/.test(name) || name.startsWith('..') || name === '.' || RESERVED.test(name.trim()) || /[. ]$/.test(name);
  if (bad) return { key: 'badName' };
  if (file.size === 0) return { key: 'empty' };
  if (file.size > maxBytes) return { key: 'tooLarge', max: maxBytes };
  return null;
}

/** The download path of an attachment (desk staff only; always served as a download). */
export function attachmentPath(reportId: string, attachmentId: string): string {
  return `/api/v1/reports/${encodeURIComponent(reportId)}/attachments/${encodeURIComponent(attachmentId)}`;
}
