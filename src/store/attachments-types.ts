/**
 * Uploaded files (report-desk logs and samples, supplier evidence such as audit reports):
 * stored whole in the database with their SHA-256, never interpreted by the hub. Who may read
 * one is decided by the module that owns its `scope` (e.g. `desk-report:<id>`,
 * `assessment:<id>`), through src/policy; this table only keeps bytes and facts.
 */
export interface AttachmentMeta {
  /** random UUID */
  id: string;
  /** the module-owned grouping, e.g. `desk-report:<uuid>`; listByScope reads one */
  scope: string;
  /** the organization that uploaded it */
  ownerOrgId: string;
  /** the user who uploaded it */
  createdBy: string;
  createdAt: string;
  /** a safe display name (src/attachments/names.ts), never used as a path */
  filename: string;
  /** what the uploader said it is (informational only: every download is application/octet-stream) */
  declaredType: string;
  size: number;
  /** lower-case hex */
  sha256: string;
}

export interface AttachmentRepository {
  /** store bytes and facts in one statement; ConflictError when the id exists */
  put(meta: AttachmentMeta, content: Buffer): Promise<void>;
  get(id: string): Promise<AttachmentMeta | undefined>;
  /** the bytes, or undefined when the attachment does not exist */
  content(id: string): Promise<Buffer | undefined>;
  /** oldest first */
  listByScope(scope: string): Promise<AttachmentMeta[]>;
  /** true when a row was removed */
  delete(id: string): Promise<boolean>;
}
