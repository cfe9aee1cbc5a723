/**
 * Uploading an attachment: the desk API takes the raw bytes (application/octet-stream), which
 * the JSON client does not send. The CSRF token is asked afresh from GET /api/v1/session
 * (the client keeps its copy private, in memory), so nothing is kept anywhere else.
 * The type the browser gives the file goes along, so that the hub refuses a disguised file
 * (a program named invoice.pdf, markup named notes.txt) with its reason instead of storing it.
 */
import { ApiError } from '../api/client';
import type { Attachment } from '../api/desk-types';

async function problem(res: Response): Promise<ApiError> {
  let title = res.statusText || 'Error';
  let detail = '';
  try {
    const body = (await res.json()) as { title?: unknown; detail?: unknown };
    if (typeof body.title === 'string') title = body.title;
    if (typeof body.detail === 'string') detail = body.detail;
  } catch {
    // not JSON
  }
  return new ApiError(res.status, title, detail);
}

export async function uploadAttachment(reportId: string, file: File): Promise<Attachment> {
  const session = await fetch('/api/v1/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!session.ok) throw await problem(session);
  const { csrf_token } = (await session.json()) as { csrf_token: string };
  const query = new URLSearchParams({ filename: file.name });
  if (file.type) query.set('type', file.type);
  let res: Response;
  try {
    res = await fetch(`/api/v1/reports/${encodeURIComponent(reportId)}/attachments?${query.toString()}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json', 'X-CSRF-Token': csrf_token },
      body: file,
    });
  } catch (err) {
    throw new ApiError(0, 'Network error', err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) throw await problem(res);
  return ((await res.json()) as { attachment: Attachment }).attachment;
}
