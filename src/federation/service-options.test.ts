import { describe, expect, it } from 'vitest';
import { federationOptionsFromEnv } from './service.js';

describe('federationOptionsFromEnv', () => {
  it('defaults: one POST in flight, pages and batches of 1,000', () => {
    expect(federationOptionsFromEnv({})).toMatchObject({ pollMs: 1000, pageLimit: 1000, timeoutMs: 30_000, push: { batchObjects: 1000, concurrency: 1 } });
  });

  it('reads the settings, and refuses values out of range with the setting named', () => {
    expect(federationOptionsFromEnv({ KYOJO_FEDERATION_PUSH_CONCURRENCY: '3', KYOJO_FEDERATION_BATCH: '500' }).push).toEqual({ batchObjects: 500, concurrency: 3 });
    expect(() => federationOptionsFromEnv({ KYOJO_FEDERATION_PUSH_CONCURRENCY: '0' })).toThrow(/KYOJO_FEDERATION_PUSH_CONCURRENCY/);
    expect(() => federationOptionsFromEnv({ KYOJO_FEDERATION_PUSH_CONCURRENCY: 'many' })).toThrow(/KYOJO_FEDERATION_PUSH_CONCURRENCY/);
  });
});
