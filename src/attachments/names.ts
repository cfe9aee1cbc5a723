/**
 * What an uploaded file may be called. The name is only ever shown and offered back in a
 * Content-Disposition header, never used as a path; still, names built to mislead (folders,
 * `..`, control and bidirectional-override characters that disguise `exe.pdf` as `fdp.exe`,
 * device names Windows opens instead of a file) are refused rather than silently rewritten,
 * so the uploader learns what was wrong.
 */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// C0 and C1 controls, DEL, and the Unicode bidi embedding/override/isolate characters
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
export const MAX_FILENAME_LENGTH = 200;

/** The reason a filename is refused, or null when it is acceptable. */
export function filenameProblem(name: string): string | null {
  if (name.trim() === '') return 'the file needs a name (?filename=…)';
  if ([...name].length > MAX_FILENAME_LENGTH) return `the filename is longer than ${MAX_FILENAME_LENGTH} characters`;
  if (CONTROL.test(name)) return 'the filename contains control or text-direction characters';
  if (/[/\\]/.test(name)) return 'the filename must be a plain name, without folders (/ or \\)';
  if (name === '.' || name === '..' || name.startsWith('..')) return "the filename must not start with '..'";
  if (RESERVED.test(name.trim())) return `'${name}' is a reserved device name on Windows`;
  if (/[. ]$/.test(name)) return 'the filename must not end with a dot or a space';
  return null;
}

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 5987). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
