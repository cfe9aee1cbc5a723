/**
 * Storage of organization posture (migration 0010): profiles (roles and bodies), declarations
 * of commitment, self-assessments, the monthly board-report claims, and surveys with their
 * targets and responses. Answers and results are JSON text; the store never interprets them
 * (scoring is src/assess). Every method is one statement, or ordered so that a crash between
 * statements is harmless.
 */

export interface PostureProfileRow {
  orgId: string;
  /** JSON of the Profile (src/posture/profile.ts) without updated_* */
  profile: string;
  updatedAt: string;
  updatedBy: string;
}

export interface PostureDeclaration {
  id: string;
  orgId: string;
  articlesVersion: number;
  signerName: string;
  signerTitle: string;
  signerEmail: string;
  signerUserId: string;
  /** YYYY-MM-DD */
  signedOn: string;
  note: string | null;
  createdAt: string;
}

export type AssessmentStatus = 'draft' | 'submitted';

export interface PostureAssessment {
  id: string;
  orgId: string;
  questionnaireId: string;
  questionnaireVersion: number;
  status: AssessmentStatus;
  /** JSON object: question id → answer value */
  answers: string;
  /** JSON ScoreResult, frozen at submission; null for drafts */
  result: string | null;
  /** the frozen score (submitted only), for ordering and statistics without parsing */
  score: number | null;
  createdBy: string;
  submittedBy: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
}

export type SurveyStatus = 'draft' | 'open' | 'closed';

export interface Survey {
  id: string;
  /** JSON Text */
  title: string;
  /** JSON Text or null */
  message: string | null;
  questionnaireId: string;
  questionnaireVersion: number;
  /** JSON { sectors, kinds, organizations (ids) } */
  audience: string;
  status: SurveyStatus;
  /** YYYY-MM-DD */
  closesOn: string;
  createdBy: string;
  createdAt: string;
  sentAt: string | null;
  closedAt: string | null;
}

export interface SurveyResponse {
  surveyId: string;
  orgId: string;
  status: AssessmentStatus;
  answers: string;
  result: string | null;
  updatedAt: string;
  submittedAt: string | null;
  submittedBy: string | null;
}

export interface PostureRepository {
  getProfile(orgId: string): Promise<PostureProfileRow | undefined>;
  /** insert or replace the organization's profile */
  putProfile(row: PostureProfileRow): Promise<void>;
  /** profiles of many organizations (statistics by size) */
  listProfiles(orgIds: string[]): Promise<PostureProfileRow[]>;

  addDeclaration(d: PostureDeclaration): Promise<void>;
  /** newest first (created_at, then id) */
  listDeclarations(orgId: string): Promise<PostureDeclaration[]>;

  /** ConflictError when the organization has a draft of that questionnaire already */
  createAssessment(a: PostureAssessment): Promise<void>;
  getAssessment(id: string): Promise<PostureAssessment | undefined>;
  /** newest first (created_at) */
  listAssessments(orgId: string, questionnaireId?: string): Promise<PostureAssessment[]>;
  /** replaces a draft's answers; false when it is not a draft (any more) */
  updateDraft(id: string, answers: string, at: string): Promise<boolean>;
  /** freezes a draft; false when it is not a draft (any more) */
  submitAssessment(id: string, s: { answers: string; result: string; score: number; by: string; at: string }): Promise<boolean>;
  /** deletes a draft; false when it is not a draft */
  deleteDraft(id: string): Promise<boolean>;
  /** the newest submitted assessment of each organization for this questionnaire version */
  latestSubmitted(questionnaireId: string, version: number): Promise<PostureAssessment[]>;

  /** claims the monthly board report of an organization (YYYY-MM); false when already claimed */
  claimBoardReport(orgId: string, month: string, at: string): Promise<boolean>;
  /** gives a claim back after a failed send, so a later round retries */
  releaseBoardReport(orgId: string, month: string): Promise<void>;
}

export interface SurveyRepository {
  create(s: Survey): Promise<void>;
  get(id: string): Promise<Survey | undefined>;
  /** newest first */
  list(): Promise<Survey[]>;
  /** surveys sent to the organization (open or closed), newest first */
  listForOrg(orgId: string): Promise<Survey[]>;
  /** draft → open with these targets; false when the survey was not a draft */
  send(id: string, orgIds: string[], at: string): Promise<boolean>;
  /** open → closed; false when it was not open */
  close(id: string, at: string): Promise<boolean>;
  targets(id: string): Promise<string[]>;
  isTarget(id: string, orgId: string): Promise<boolean>;
  /** counts of targets and submitted responses per survey */
  counts(ids: string[]): Promise<Map<string, { targets: number; responses: number }>>;
  getResponse(surveyId: string, orgId: string): Promise<SurveyResponse | undefined>;
  /** inserts or replaces a draft response; false when the response is submitted already */
  saveDraft(surveyId: string, orgId: string, answers: string, at: string): Promise<boolean>;
  /** draft → submitted; false when there is no draft (or it is submitted already) */
  submitResponse(surveyId: string, orgId: string, s: { answers: string; result: string; by: string; at: string }): Promise<boolean>;
  submittedResponses(surveyId: string): Promise<SurveyResponse[]>;
}
