import { describe, expect, it } from 'vitest';
import { SubscriptionInputError } from './subscription-input.js';
import { checkWebhookUrl, isLoopbackHost } from './webhook-admin.js';

describe('webhook URLs', () => {
  it('knows loopback hosts', () => {
    for (const h of ['localhost', 'LOCALHOST', 'hooks.localhost', '127.0.0.1', '127.255.0.9', '[::1]', '::1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['example.com', '128.0.0.1', '10.0.0.1', '[::2]', 'localhost.example.com', '0.0.0.0', '']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('takes https anywhere and http to loopback only, normalised', () => {
    expect(checkWebhookUrl(' https://Hooks.Example.com:8443/kyojo?x=1 ')).toBe('https://hooks.example.com:8443/kyojo?x=1');
    expect(checkWebhookUrl('http://127.0.0.1:9000/hook')).toBe('http://127.0.0.1:9000/hook');
    expect(checkWebhookUrl('http://[::1]/hook')).toBe('http://[::1]/hook');
    expect(checkWebhookUrl('http://localhost/hook')).toBe('http://localhost/hook');
  });

  it('refuses anything else, naming the url property', () => {
    const refused = (v: unknown): string => {
      try {
        checkWebhookUrl(v);
      } catch (e) {
        expect(e).toBeInstanceOf(SubscriptionInputError);
        const errors = (e as SubscriptionInputError).errors;
        expect(errors.map((x) => x.property)).toEqual(['url']);
        return errors[0]!.message;
      }
      throw new Error(`accepted ${String(v)}`);
    };
    expect(refused('http://hooks.example.com/')).toMatch(/must be https/);
    expect(refused('http://10.1.2.3/')).toMatch(/must be https/);
    expect(refused('ftp://hooks.example.com/')).toMatch(/https URL/);
    expect(refused('javascript:alert(1)')).toMatch(/https URL/);
    expect(refused('https://u:p@hooks.example.com/')).toMatch(/user name or password/);
    expect(refused('https://hooks.example.com/#x')).toMatch(/fragment/);
    expect(refused('hooks.example.com/path')).toMatch(/not a URL/);
    expect(refused(`https://h.example/${'a'.repeat(2000)}`)).toMatch(/at most 2000/);
    expect(refused('')).toMatch(/required/);
    expect(refused(42)).toMatch(/required/);
  });
});
