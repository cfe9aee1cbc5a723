/**
 * Uploading an attachment: the desk API takes the raw bytes (application/octet-stream).
 * The type the browser gives the file goes along, so that the hub refuses a disguised file
 * (a program named invoice.pdf, markup named notes.txt) with its reason instead of storing it.
 */
import { api, seg } from '../api/client';
import type { Attachment } from '../api/desk-types';

export async function uploadAttachment(reportId: string, file: File): Promise<Attachment> {
  const query = new URLSearchParams({ filename: file.name });
  if (file.type) query.set('type', file.type);
  const answer = await api<{ attachment: Attachment }>('POST', `/reports/${seg(reportId)}/attachments?${query.toString()}`, { bytes: file });
  return answer.attachment;
}
