import { ApiError, api } from '../../api/client';
import type { SessionAnswer } from '../../api/types';

/**
 * Uploads a file as raw bytes (`application/octet-stream`), as the evidence routes expect.
 * The shared API client only sends JSON and keeps the CSRF token to itself, so this asks the
 * session for it (GET /session answers the same token) and sends it like the client does.
 */
export async function uploadFile<T>(path: string, file: Blob): Promise<T> {
  const session = await api<SessionAnswer>('GET', '/session');
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': session.csrf_token },
      credentials: 'same-origin',
      body: file,
    });
  } catch (err) {
    throw new ApiError(0, 'Network error', err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    let title = res.statusText || 'Error';
    let detail = '';
    try {
      const p = (await res.json()) as { title?: unknown; detail?: unknown };
      if (typeof p.title === 'string') title = p.title;
      if (typeof p.detail === 'string') detail = p.detail;
    } catch {
      // not JSON: the status text says enough
    }
    throw new ApiError(res.status, title, detail);
  }
  return (await res.json()) as T;
}
