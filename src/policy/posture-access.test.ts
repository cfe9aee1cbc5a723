import { describe, expect, it } from 'vitest';
import type { Principal } from '../identity/principal.js';
import type { Role, Tier } from '../store/types.js';
import {
  canAnswerSurvey, canEditPosture, canEmailBoardReport, canManageSurveys, canReadPosture, canReadSurveyResults,
  canSeeSurvey, canSignDeclaration, isBoardReportRecipient, mayShowFigure,
} from './posture-access.js';

function who(role: Role, tier: Tier = 'practitioner', org = 'org-a'): Principal {
  return {
    user: { id: `u-${role}-${tier}`, email: 'x@a.example', orgId: org, role, tier, passwordHash: null, disabled: false, createdAt: '' },
    org: { id: org, slug: org, name: org, kind: 'company', sector: 'finance', country: null, createdAt: '' },
    communityIds: new Set(), tokenId: null,
  };
}

describe('posture access', () => {
  it('posture is read by its members only, operators of another organization included out', () => {
    expect(canReadPosture(who('reader'), 'org-a')).toBe(true);
    expect(canReadPosture(who('operator', 'executive', 'hub'), 'org-a')).toBe(false);
    expect(canReadPosture(who('org-admin', 'executive', 'org-b'), 'org-a')).toBe(false);
  });
  it('writers edit; readers do not; executives sign whatever their role', () => {
    expect(canEditPosture(who('analyst'), 'org-a')).toBe(true);
    expect(canEditPosture(who('org-admin'), 'org-a')).toBe(true);
    expect(canEditPosture(who('reader'), 'org-a')).toBe(false);
    expect(canEditPosture(who('analyst', 'practitioner', 'org-b'), 'org-a')).toBe(false);
    expect(canSignDeclaration(who('reader', 'executive'), 'org-a')).toBe(true);
    expect(canSignDeclaration(who('org-admin', 'manager'), 'org-a')).toBe(false);
    expect(canSignDeclaration(who('reader', 'executive', 'org-b'), 'org-a')).toBe(false);
  });
  it('board report: emailed by admins and executives; received by enabled executives of the organization', () => {
    expect(canEmailBoardReport(who('org-admin'), 'org-a')).toBe(true);
    expect(canEmailBoardReport(who('reader', 'executive'), 'org-a')).toBe(true);
    expect(canEmailBoardReport(who('analyst', 'manager'), 'org-a')).toBe(false);
    expect(isBoardReportRecipient({ orgId: 'org-a', tier: 'executive', disabled: false }, 'org-a')).toBe(true);
    expect(isBoardReportRecipient({ orgId: 'org-a', tier: 'executive', disabled: true }, 'org-a')).toBe(false);
    expect(isBoardReportRecipient({ orgId: 'org-a', tier: 'manager', disabled: false }, 'org-a')).toBe(false);
    expect(isBoardReportRecipient({ orgId: 'org-b', tier: 'executive', disabled: false }, 'org-a')).toBe(false);
  });
  it('surveys: operators manage; targets see (not drafts), answer while open, read results once closed', () => {
    expect(canManageSurveys(who('operator'))).toBe(true);
    expect(canManageSurveys(who('org-admin'))).toBe(false);
    expect(canSeeSurvey(who('reader'), { status: 'open' }, true)).toBe(true);
    expect(canSeeSurvey(who('reader'), { status: 'draft' }, true)).toBe(false);
    expect(canSeeSurvey(who('reader'), { status: 'open' }, false)).toBe(false);
    expect(canAnswerSurvey(who('analyst'), { status: 'open' }, true)).toBe(true);
    expect(canAnswerSurvey(who('reader'), { status: 'open' }, true)).toBe(false);
    expect(canAnswerSurvey(who('analyst'), { status: 'closed' }, true)).toBe(false);
    expect(canReadSurveyResults(who('reader'), { status: 'open' }, true)).toBe(false);
    expect(canReadSurveyResults(who('reader'), { status: 'closed' }, true)).toBe(true);
    expect(canReadSurveyResults(who('reader'), { status: 'closed' }, false)).toBe(false);
    expect(canReadSurveyResults(who('operator'), { status: 'open' }, false)).toBe(false);
    expect(canReadSurveyResults(who('operator'), { status: 'closed' }, false)).toBe(true);
  });
  it('a figure needs five organizations', () => {
    expect(mayShowFigure(4)).toBe(false);
    expect(mayShowFigure(5)).toBe(true);
  });
});
