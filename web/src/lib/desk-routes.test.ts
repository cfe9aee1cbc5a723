import { describe, expect, it } from 'vitest';
import { deskPaths, isDeskRoute, matchDeskRoute } from './desk-routes';

describe('matchDeskRoute', () => {
  it('names the desk pages and the case collection', () => {
    expect(matchDeskRoute('/desk')).toEqual({ name: 'desk' });
    expect(matchDeskRoute('/desk/new')).toEqual({ name: 'desk-new' });
    expect(matchDeskRoute('/desk/queue')).toEqual({ name: 'desk-queue' });
    expect(matchDeskRoute('/desk/statistics')).toEqual({ name: 'desk-stats' });
    expect(matchDeskRoute('/desk/profile')).toEqual({ name: 'desk-profile' });
    expect(matchDeskRoute('/desk/settings')).toEqual({ name: 'desk-settings' });
    expect(matchDeskRoute('/desk/reports/0b9c')).toEqual({ name: 'desk-report', id: '0b9c' });
    expect(matchDeskRoute('/cases')).toEqual({ name: 'cases' });
    expect(matchDeskRoute('/cases/report--1a2b')).toEqual({ name: 'case', id: 'report--1a2b' });
  });
  it('leaves other paths to the portal', () => {
    expect(matchDeskRoute('/')).toBeNull();
    expect(matchDeskRoute('/desk/other')).toBeNull();
    expect(matchDeskRoute('/desk/reports')).toBeNull();
    expect(matchDeskRoute('/desk/reports/a/b')).toBeNull();
    expect(matchDeskRoute('/cases/%E0%A4%A')).toBeNull();
  });
  it('round-trips the paths it builds', () => {
    const id = 'odd id/with slash';
    expect(matchDeskRoute(deskPaths.report(id))).toEqual({ name: 'desk-report', id });
    expect(matchDeskRoute(deskPaths.editReport(id))).toEqual({ name: 'desk-edit', id });
    expect(matchDeskRoute(deskPaths.case(id))).toEqual({ name: 'case', id });
  });
  it('tells desk routes from the portal’s', () => {
    expect(isDeskRoute({ name: 'desk-queue' })).toBe(true);
    expect(isDeskRoute({ name: 'case' })).toBe(true);
    expect(isDeskRoute({ name: 'search' })).toBe(false);
  });
});
