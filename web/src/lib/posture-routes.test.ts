import { describe, expect, it } from 'vitest';
import { isPostureRoute, matchPostureRoute, posturePaths } from './posture-routes';

describe('matchPostureRoute', () => {
  it('names the posture pages', () => {
    expect(matchPostureRoute('/posture')).toEqual({ name: 'posture' });
    expect(matchPostureRoute('/supply')).toEqual({ name: 'supply' });
    expect(matchPostureRoute('/surveys')).toEqual({ name: 'surveys' });
    expect(matchPostureRoute('/board-report')).toEqual({ name: 'board-report' });
    expect(matchPostureRoute('/posture/assessments/a%2Fb')).toEqual({ name: 'assessment', id: 'a/b' });
    expect(matchPostureRoute('/supply/inbox')).toEqual({ name: 'supply-inbox' });
    expect(matchPostureRoute('/supply/assessments/r1')).toEqual({ name: 'supply-assessment', id: 'r1' });
    expect(matchPostureRoute('/surveys/s-9')).toEqual({ name: 'survey', id: 's-9' });
  });
  it('leaves other paths to the portal', () => {
    expect(matchPostureRoute('/')).toBeNull();
    expect(matchPostureRoute('/posture/x')).toBeNull();
    expect(matchPostureRoute('/surveys/a/b')).toBeNull();
    expect(matchPostureRoute('/surveys/%E0%A4%A')).toBeNull();
  });
  it('round-trips the paths it builds', () => {
    const id = 'id with/slash';
    expect(matchPostureRoute(posturePaths.assessment(id))).toEqual({ name: 'assessment', id });
    expect(matchPostureRoute(posturePaths.supplyAssessment(id))).toEqual({ name: 'supply-assessment', id });
    expect(matchPostureRoute(posturePaths.survey(id))).toEqual({ name: 'survey', id });
  });
});

describe('isPostureRoute', () => {
  it('tells the posture pages from the others', () => {
    for (const path of ['/posture', '/posture/assessments/x', '/supply', '/supply/inbox', '/supply/assessments/x', '/surveys', '/surveys/x', '/board-report']) {
      expect(isPostureRoute(matchPostureRoute(path)!), path).toBe(true);
    }
    expect(isPostureRoute({ name: 'home' })).toBe(false);
    expect(isPostureRoute({ name: 'not-found' })).toBe(false);
  });
});
