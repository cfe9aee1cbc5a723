/**
 * Returns the URL as a string when it is an absolute http: or https: URL, else null.
 * Only such URLs from STIX content ever become links; javascript:, data:, vbscript:,
 * relative and malformed URLs are shown as text.
 */
export function safeHttpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  // No control characters or whitespace inside (browsers strip some of them before parsing).
  // eslint-disable-next-line no-control-regex
  if (trimmed === '' || /[\u0000-\u0020\u007f-\u009f]/.test(trimmed)) return null;
  if (!/^https?:\/\//i.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  return url.href;
}

const STIX_ID = /^[a-z][a-z0-9-]*[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether the string is a STIX identifier (type--UUID). */
export function isStixId(value: unknown): value is string {
  return typeof value === 'string' && STIX_ID.test(value);
}

/** The portal path of an object page (optionally one version). */
export function objectPath(id: string, version?: string | null): string {
  const base = `/objects/${encodeURIComponent(id)}`;
  return version ? `${base}?version=${encodeURIComponent(version)}` : base;
}
