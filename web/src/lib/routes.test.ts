import { describe, expect, it } from 'vitest';
import { isPublicRoute, matchRoute, pathFromHash } from './routes';

describe('matchRoute', () => {
  it('names every page', () => {
    expect(matchRoute('/')).toEqual({ name: 'home' });
    expect(matchRoute('/search')).toEqual({ name: 'search' });
    expect(matchRoute('/search/')).toEqual({ name: 'search' });
    expect(matchRoute('/publish')).toEqual({ name: 'publish' });
    expect(matchRoute('/org')).toEqual({ name: 'org' });
    expect(matchRoute('/admin')).toEqual({ name: 'admin', section: 'organizations' });
    expect(matchRoute('/admin/audit')).toEqual({ name: 'admin', section: 'audit' });
    expect(matchRoute('/admin/nope')).toEqual({ name: 'not-found' });
    expect(matchRoute('/objects/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f')).toEqual({
      name: 'object',
      id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    });
    expect(matchRoute('/set-password/abc_DEF-123')).toEqual({ name: 'set-password', token: 'abc_DEF-123' });
    expect(matchRoute('/objects/%E0%A4%A')).toEqual({ name: 'not-found' });
    expect(matchRoute('/elsewhere')).toEqual({ name: 'not-found' });
  });
  it('moves hash routes to paths', () => {
    expect(pathFromHash('#/set-password/tok')).toBe('/set-password/tok');
    expect(pathFromHash('#main')).toBeNull();
    expect(pathFromHash('')).toBeNull();
  });
  it('knows which pages need no session', () => {
    expect(isPublicRoute(matchRoute('/set-password/x'))).toBe(true);
    expect(isPublicRoute(matchRoute('/sign-in'))).toBe(true);
    expect(isPublicRoute(matchRoute('/org'))).toBe(false);
  });
});
