/**
 * Supplier assessments (issue 9, docs/supply-chain.md) as the store keeps them: a buyer's requests
 * to its suppliers, the suppliers' assessments, the supplier's sharing choices (consent), the
 * labels of evidence files (the bytes are attachments, scope `supply-assessment:<id>`) and one
 * row per email sent (so replicas never send a reminder twice). Who may see what is decided in
 * src/policy/supply-access.ts; the store only keeps facts.
 */

export type SupplyRequestStatus = 'open' | 'declined' | 'withdrawn';

/** A buyer's request that a supplier answer the supply-chain questionnaire at a level by a date. */
export interface SupplyRequest {
  id: string;
  buyerOrgId: string;
  /** lower-cased; who the invitation email goes to */
  supplierEmail: string;
  /** null until a user with that email exists on the hub (the request then attaches to its organization) */
  supplierOrgId: string | null;
  questionnaireId: string;
  level: string;
  /** YYYY-MM-DD; due at the end of that day, UTC */
  dueDate: string;
  /** 1 = direct supplier */
  tier: number;
  relationship: string | null;
  message: string | null;
  status: SupplyRequestStatus;
  declineReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type SupplyAssessmentStatus = 'draft' | 'submitted';

/** A supplier's answers at a level; frozen once submitted. */
export interface SupplyAssessment {
  id: string;
  supplierOrgId: string;
  questionnaireId: string;
  questionnaireVersion: number;
  level: string;
  /** the request it was started from, if any */
  requestId: string | null;
  status: SupplyAssessmentStatus;
  /** question id → answer value */
  answers: Record<string, string>;
  /** the expert confirmation or third-party evaluation, as entered (JSON object) */
  confirmation: Record<string, unknown> | null;
  /** submitted only: the level reached and the engine's result (with its score) as frozen at submission */
  levelReached: string | null;
  result: Record<string, unknown> | null;
  createdBy: string;
  submittedBy: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  expiresAt: string | null;
}

/** What a submission freezes. */
export interface SupplySubmission {
  levelReached: string | null;
  result: Record<string, unknown>;
  submittedBy: string;
  submittedAt: string;
  expiresAt: string;
}

/**
 * One audience a supplier shares an assessment with: `o:<buyerOrgId>` (one buyer by name) or
 * `customers` (every buyer with a live request to the supplier, decided when read).
 */
export interface SupplyShare {
  assessmentId: string;
  audience: string;
  createdBy: string;
  createdAt: string;
}

/** The label of one evidence file (an attachment in scope `supply-assessment:<assessmentId>`). */
export interface SupplyEvidence {
  attachmentId: string;
  assessmentId: string;
  questionId: string | null;
  kind: string;
}

export interface SupplyRepository {
  /** ConflictError when the buyer already has an open request to the same email */
  addRequest(r: SupplyRequest): Promise<void>;
  getRequest(id: string): Promise<SupplyRequest | undefined>;
  /** the buyer's requests, newest first */
  listRequestsByBuyer(buyerOrgId: string): Promise<SupplyRequest[]>;
  /** requests addressed to the supplier organization, newest first */
  listRequestsBySupplier(supplierOrgId: string): Promise<SupplyRequest[]>;
  /** every open request, oldest first (reminders) */
  listOpenRequests(): Promise<SupplyRequest[]>;
  /** give requests to `email` that have no supplier organization yet that organization; returns how many */
  attachRequests(email: string, supplierOrgId: string, at: string): Promise<number>;
  /** an open request becomes declined or withdrawn; false when it was not open */
  closeRequest(id: string, status: Exclude<SupplyRequestStatus, 'open'>, reason: string | null, at: string): Promise<boolean>;
  /** distinct buyer organizations with an open request to the supplier (its customers on the hub) */
  customersOf(supplierOrgId: string): Promise<string[]>;

  addAssessment(a: SupplyAssessment): Promise<void>;
  getAssessment(id: string): Promise<SupplyAssessment | undefined>;
  /** the supplier's assessments, newest first */
  listAssessments(supplierOrgId: string): Promise<SupplyAssessment[]>;
  /** the draft started from a request, if any */
  draftForRequest(requestId: string): Promise<SupplyAssessment | undefined>;
  /** submitted assessments of these suppliers, newest submission first */
  listSubmitted(supplierOrgIds: string[]): Promise<SupplyAssessment[]>;
  /** submitted assessments expiring at or before `before` and after `after` (reminders) */
  listExpiring(after: string, before: string): Promise<SupplyAssessment[]>;
  /** change a draft's answers and/or confirmation; false when it is not a draft (any more) */
  updateDraft(id: string, change: { answers?: Record<string, string>; confirmation?: Record<string, unknown> | null; updatedAt: string }): Promise<boolean>;
  /** freeze a draft; false when it was not a draft (of two concurrent submissions one wins) */
  submit(id: string, s: SupplySubmission): Promise<boolean>;

  listShares(assessmentId: string): Promise<SupplyShare[]>;
  /** shares of several assessments at once */
  sharesOf(assessmentIds: string[]): Promise<SupplyShare[]>;
  /**
   * Make the assessment's audiences exactly `audiences`. Removed audiences are deleted before new
   * ones are added, so an interruption can only leave the sharing narrower than asked, never wider.
   */
  replaceShares(assessmentId: string, audiences: string[], by: string, at: string): Promise<void>;

  addEvidence(e: SupplyEvidence): Promise<void>;
  listEvidence(assessmentId: string): Promise<SupplyEvidence[]>;
  deleteEvidence(attachmentId: string): Promise<boolean>;

  /**
   * Claim the sending of one email, by a key naming it (`invite:<requestId>`,
   * `due-soon:<requestId>`…): true for exactly one caller across all processes.
   */
  claimNotice(key: string, kind: string, recipient: string, at: string): Promise<boolean>;
  /** give a claim back after the send failed, so a later round retries it */
  releaseNotice(key: string): Promise<void>;
  /** the keys claimed (sent), sorted: for tests and the operator */
  listNotices(prefix?: string): Promise<{ key: string; kind: string; recipient: string; sentAt: string }[]>;
}
