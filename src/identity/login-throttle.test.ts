import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  const limits = { windowMs: 60_000, perAccount: 3, perAddress: 5, maxKeys: 100 };

  it('refuses an account after its limit of failures until the oldest leaves the window', () => {
    let t = 1_000_000;
    const th = new LoginThrottle(limits, () => t);
    for (let i = 0; i < 3; i++) {
      expect(th.retryAfter('A@x.example', '10.0.0.1')).toBe(0);
      th.fail('a@x.example', '10.0.0.1');
      t += 1000;
    }
    // the first failure was at 1,000,000; it leaves the window at 1,060,000; now is 1,003,000
    expect(th.retryAfter('a@x.example', '10.0.0.2')).toBe(57);
    expect(th.retryAfter('b@x.example', '10.0.0.1')).toBe(0);
    t = 1_060_001;
    expect(th.retryAfter('a@x.example', '10.0.0.1')).toBe(0);
  });

  it('refuses an address that tries many accounts', () => {
    const t = 5_000_000;
    const th = new LoginThrottle(limits, () => t);
    for (let i = 0; i < 5; i++) th.fail(`user${i}@x.example`, '192.0.2.7');
    expect(th.retryAfter('fresh@x.example', '192.0.2.7')).toBeGreaterThan(0);
    expect(th.retryAfter('fresh@x.example', '192.0.2.8')).toBe(0);
  });

  it('a success clears the account, not the address', () => {
    const th = new LoginThrottle(limits, () => 0);
    for (let i = 0; i < 3; i++) th.fail('a@x.example', '192.0.2.9');
    expect(th.retryAfter('a@x.example', '198.51.100.1')).toBeGreaterThan(0);
    th.succeed('a@x.example');
    expect(th.retryAfter('a@x.example', '198.51.100.1')).toBe(0);
    th.fail('b@x.example', '192.0.2.9');
    th.fail('c@x.example', '192.0.2.9');
    expect(th.retryAfter('d@x.example', '192.0.2.9')).toBeGreaterThan(0);
  });

  it('forgets the least recently failed keys beyond its bound', () => {
    const th = new LoginThrottle({ ...limits, perAccount: 1, maxKeys: 4 }, () => 0);
    th.fail('old@x.example', '192.0.2.1');
    th.fail('new@x.example', '192.0.2.2');
    th.fail('newer@x.example', '192.0.2.3');
    expect(th.retryAfter('old@x.example', '203.0.113.1')).toBe(0);
    expect(th.retryAfter('newer@x.example', '203.0.113.1')).toBeGreaterThan(0);
  });
});
