/**
 * Sign-in rate limiting: failed attempts are counted per account and per client address in a
 * sliding window; past the limit, further attempts are refused (without checking the password)
 * until the oldest failure leaves the window. Held in memory, per process: with several
 * replicas an attacker gains at most a factor of the replica count, and a restart forgets.
 */
export interface ThrottleLimits {
  windowMs: number;
  perAccount: number;
  perAddress: number;
  /** most keys remembered; the least recently failed are forgotten first */
  maxKeys: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 30, maxKeys: 50_000 };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: ThrottleLimits = DEFAULT_THROTTLE, private readonly now: () => number = Date.now) {}

  /** Seconds to wait before trying again, or 0 when an attempt may go ahead. */
  retryAfter(account: string, address: string): number {
    const t = this.now();
    const wait = (key: string, limit: number): number => {
      const list = this.live(key, t);
      if (list.length < limit) return 0;
      return Math.max(1, Math.ceil((list[list.length - limit]! + this.limits.windowMs - t) / 1000));
    };
    return Math.max(wait(`a:${account.trim().toLowerCase()}`, this.limits.perAccount), wait(`i:${address}`, this.limits.perAddress));
  }

  fail(account: string, address: string): void {
    const t = this.now();
    for (const key of [`a:${account.trim().toLowerCase()}`, `i:${address}`]) {
      const list = this.live(key, t);
      list.push(t);
      this.failures.delete(key); // re-insert: Map order is least recently failed first
      this.failures.set(key, list);
    }
    while (this.failures.size > this.limits.maxKeys) this.failures.delete(this.failures.keys().next().value as string);
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  succeed(account: string): void {
    this.failures.delete(`a:${account.trim().toLowerCase()}`);
  }

  private live(key: string, t: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((at) => at > t - this.limits.windowMs);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }
}
