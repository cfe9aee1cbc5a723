/**
 * JSON shapes of the posture, supply-chain, survey and board-report routes
 * (docs/api/posture.md). The questionnaire shapes mirror src/assess/types.ts.
 */
export type Lang = 'ja' | 'en';
export type Text = { ja: string; en: string };

export interface AnswerOption {
  value: string;
  label: Text;
  /** null = not applicable: excluded from the score */
  points: number | null;
}

export interface Question {
  id: string;
  category: string;
  text: Text;
  guidance: Text;
  weight: number;
  scale: string;
  evidence?: { kind: string; label: Text }[];
  levels?: string[];
}

export interface Questionnaire {
  id: string;
  version: number;
  kind: 'self-check' | 'maturity' | 'supply-chain';
  title: Text;
  description: Text;
  categories: { id: string; title: Text }[];
  scales: Record<string, AnswerOption[]>;
  dontKnowPenalty: number;
  levels?: { id: string; title: Text; passPercent: number }[];
  bands: { id: string; min: number; label: Text }[];
  questions: Question[];
}

export type Answers = Record<string, string>;

export interface ScoreResult {
  score: number;
  byCategory: { category: string; score: number; answered: number; total: number }[];
  band: { id: string; label: Text };
  level?: { id: string; met: boolean }[];
  unanswered: string[];
  gaps: { questionId: string; category: string; answer: string | null; lost: number; guidance: Text }[];
}

export interface OrgRef {
  slug: string;
  name: string;
}

// ---- supplier assessments (docs/api/posture.md, "Supplier assessments") ----

export type SupplyLevel = 'level-3' | 'level-4';

export interface SupplyRequest {
  id: string;
  buyer: OrgRef;
  supplier_email: string;
  supplier: OrgRef | null;
  level: string;
  due_date: string;
  tier: number;
  relationship: string | null;
  message: string | null;
  status: 'open' | 'declined' | 'withdrawn';
  decline_reason: string | null;
  created_at: string;
  overdue: boolean;
  fulfilled: boolean;
}

export type Confirmation =
  | { kind: 'expert'; name: string; organization: string; qualification: string; date: string }
  | { kind: 'third-party'; evaluator: string; reference: string; date: string };

export interface Evidence {
  id: string;
  filename: string;
  declared_type: string;
  size: number;
  sha256: string;
  created_at: string;
  question_id: string | null;
  kind: string;
}

export interface SupplyAssessment {
  id: string;
  supplier: OrgRef;
  questionnaire: { id: string; version: number };
  level: string;
  request_id: string | null;
  status: 'draft' | 'submitted';
  answers?: Answers;
  result?: Partial<ScoreResult> & { score: number };
  level_reached: string | null;
  confirmation: Confirmation | null;
  evidence?: Evidence[];
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  expires_at: string | null;
  expired: boolean;
}

export interface SupplyChainSummary {
  suppliers: number;
  by_level_reached: Record<string, number>;
  shared: number;
  pending: number;
  declined: number;
  expiring_soon: number;
  expired: number;
  with_gaps: number;
  overdue: number;
}

export type ChainRowStatus = 'invited' | 'pending' | 'shared' | 'expired' | 'declined';

export interface SupplyChainRow {
  request: SupplyRequest;
  assessment: null | {
    id: string;
    level: string;
    level_reached: string | null;
    score: number;
    band: { id: string; label: Text };
    submitted_at: string;
    expires_at: string;
    expired: boolean;
    expiring_soon: boolean;
    gaps: number;
  };
  status: ChainRowStatus;
}

export interface SupplyChainAnswer {
  rows: SupplyChainRow[];
  summary: SupplyChainSummary;
}

export interface MapSupplier {
  request_id: string;
  name: string;
  level_requested: string;
  level_reached: string | null;
  overdue: boolean;
}

export interface SupplyChainMap {
  buyer: OrgRef;
  tiers: { tier: number; groups: { relationship: string | null; status: ChainRowStatus; suppliers: MapSupplier[] }[] }[];
}

export interface SupplyShares {
  customers: OrgRef[];
  all_customers: boolean;
  organizations: (OrgRef & { shared_at: string })[];
}

// ---- organization posture (docs/api/posture.md, "Organization posture") ----

export const ORG_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export const BODY_KINDS = ['csirt', 'psirt', 'soc', 'committee', 'other'] as const;
export const CONTACT_PURPOSES = ['incident', 'vulnerability', 'executive', 'general'] as const;

export interface Ciso {
  name: string;
  title: string;
  email: string;
  phone: string | null;
  appointed_on: string | null;
}

export interface Body {
  kind: string;
  name: string;
  email: string | null;
  phone: string | null;
  notes: string | null;
}

export interface Contact {
  purpose: string;
  name: string;
  email: string;
  phone: string | null;
}

export interface Profile {
  size: string | null;
  ciso: Ciso | null;
  bodies: Body[];
  contacts: Contact[];
  updated_at?: string | null;
  updated_by?: string | null;
}

export interface Article {
  id: string;
  title: Text;
  text: Text;
}

export interface Declaration {
  id: string;
  articles_version: number;
  articles: Article[];
  signer: { name: string; title: string; email: string };
  signed_on: string;
  note: string | null;
  created_at: string;
}

export interface QuestionnaireRef {
  id: string;
  version: number;
  kind: Questionnaire['kind'];
  title: Text;
}

export interface Assessment {
  id: string;
  questionnaire: QuestionnaireRef;
  status: 'draft' | 'submitted';
  answers?: Answers;
  result: ScoreResult | { score: number; band: { id: string; label: Text } };
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  created_by: string;
  submitted_by: string | null;
}

export interface PostureOverview {
  organization: { slug: string; name: string; kind: string; sector: string };
  profile: Profile;
  declaration: Declaration | null;
  latest: {
    questionnaire: QuestionnaireRef;
    assessment_id: string;
    score: number;
    band: { id: string; label: Text };
    submitted_at: string;
    previous_score: number | null;
  }[];
  drafts: { id: string; questionnaire: string; updated_at: string }[];
  open_gaps: number;
  can_edit: boolean;
  can_sign: boolean;
}

export interface TodoItem {
  questionnaire: { id: string; version: number; title: Text };
  assessment_id: string;
  question_id: string;
  category: { id: string; title: Text };
  question: Text;
  answer: string | null;
  lost: number;
  guidance: Text;
}

export interface Trend {
  questionnaire: { id: string; title: Text };
  points: { assessment_id: string; submitted_at: string; score: number; band: { id: string; label: Text }; byCategory: { category: string; score: number }[] }[];
  change: number | null;
}

export interface Benchmark {
  questionnaire: { id: string; version: number };
  sector: string;
  minimum: number;
  organizations: number;
  shown: boolean;
  average: { score: number; byCategory: { category: string; score: number }[] } | null;
  own: { score: number; byCategory: { category: string; score: number }[] } | null;
}

// ---- surveys ----

export interface Survey {
  id: string;
  title: Text;
  message: Text | null;
  questionnaire: { id: string; version: number; title: Text };
  audience: { sectors: string[]; kinds: string[]; organizations: string[] };
  status: 'draft' | 'open' | 'closed';
  closes_on: string;
  created_at: string;
  sent_at: string | null;
  closed_at: string | null;
  targets: number;
  responses: number;
  response: null | { status: 'draft' | 'submitted'; answers?: Answers; result?: ScoreResult; submitted_at: string | null };
}

export interface ResultGroup {
  key: string;
  organizations: number;
  shown: boolean;
  score: number | null;
  byCategory: { category: string; score: number }[] | null;
  reason?: 'fewer-than-minimum' | 'complementary' | null;
  answers?: Record<string, Record<string, number>>;
}

export interface SurveyResults {
  survey: { id: string; title: Text };
  by: 'sector' | 'size';
  minimum: number;
  responses: number;
  categories: { id: string; title: Text }[];
  overall: ResultGroup;
  groups: ResultGroup[];
}

// ---- board report ----

export interface BoardReportData {
  lang: Lang;
  generated_at: string;
  month: string;
  organization: { slug: string; name: string; sector: string; kind: string };
  posture: {
    questionnaire: { id: string; title: Text };
    score: number;
    band: { id: string; label: Text };
    submitted_at: string;
    trend: { submitted_at: string; score: number }[];
    change: number | null;
  }[];
  radar: {
    questionnaire: string;
    categories: { id: string; title: Text }[];
    own: number[] | null;
    average: number[] | null;
    organizations: number;
    minimum: number;
    shown: boolean;
  } | null;
  gaps: TodoItem[];
  declaration: { signed_on: string; signer: { name: string; title: string } } | null;
  supply: SupplyChainSummary | null;
  threats: { id: string; type: string; name: string; info_type: string | null; tlp: string; timing: string | null; added: string; sector_match: boolean }[];
}
