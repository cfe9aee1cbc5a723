/**
 * The event buses: in-process, and NATS JetStream against the real server (two connections,
 * as two replicas would have). NATS tests skip with the reason when no server is reachable,
 * except with KYOJO_REQUIRE_NATS=1 (CI).
 */
import { connect } from 'nats';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBus, eventsOf } from './bus.js';
import { MemoryBus } from './bus-memory.js';
import { NatsBus, subjectPrefixOf } from './bus-nats.js';
import { freshNatsStream } from './test-nats.js';
import type { ObjectEvent } from './types.js';

const log = pino({ level: process.env.KYOJO_TEST_LOG ?? 'silent' });

const event = (dateAdded: number, id = `indicator--${dateAdded}`): ObjectEvent => ({ dateAdded, id, versionKey: 'v', type: id.split('--')[0]! });

/** Resolves with the first `n` events a subscription receives matching `pred`. */
function collect(bus: { subscribe(h: (e: ObjectEvent) => void): () => void }, n: number, pred: (e: ObjectEvent) => boolean = () => true) {
  const got: ObjectEvent[] = [];
  let unsubscribe = () => {};
  const done = new Promise<ObjectEvent[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${n} events arrived`)), 20_000);
    unsubscribe = bus.subscribe((e) => {
      if (!pred(e)) return;
      got.push(e);
      if (got.length === n) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
  return { done: done.finally(() => unsubscribe()), got };
}

describe('memory bus', () => {
  it('delivers every published event to every subscriber, in order; unsubscribe and close stop it', async () => {
    const bus = new MemoryBus(log);
    const a = collect(bus, 3);
    const b = collect(bus, 3);
    await bus.publish([event(1), event(2)]);
    await bus.publish([event(3)]);
    expect((await a.done).map((e) => e.dateAdded)).toEqual([1, 2, 3]);
    expect((await b.done).map((e) => e.dateAdded)).toEqual([1, 2, 3]);
    const later: ObjectEvent[] = [];
    const off = bus.subscribe((e) => later.push(e));
    off();
    await bus.publish([event(4)]);
    expect(later).toEqual([]);
    bus.subscribe(() => {
      throw new Error('a failing subscriber');
    });
    await expect(bus.publish([event(5)])).resolves.toBeUndefined();
    await bus.close();
    await expect(bus.publish([event(6)])).resolves.toBeUndefined();
  });
});

describe('createBus', () => {
  it('is in-process without KYOJO_NATS_URL, and refuses to start when the configured NATS cannot be reached', async () => {
    const bus = await createBus({ natsUrl: null, natsStream: 'KYOJO_OBJECTS' }, log);
    expect(bus.kind).toBe('memory');
    await bus.close();
    await expect(createBus({ natsUrl: 'nats://127.0.0.1:1', natsStream: 'KYOJO_OBJECTS' }, log)).rejects.toThrow(/cannot use NATS JetStream at nats:\/\/127\.0\.0\.1:1 \(KYOJO_NATS_URL\)/);
  });

  it('announces added and replaced versions only, typed from their ids', () => {
    expect(eventsOf([
      { ok: true, id: 'indicator--1', versionKey: 'a', outcome: 'added', dateAdded: 5 },
      { ok: true, id: 'ipv4-addr--2', versionKey: '', outcome: 'replaced', dateAdded: 6 },
      { ok: true, id: 'malware--3', versionKey: 'b', outcome: 'identical', dateAdded: 2 },
      { ok: false, id: 'x--4', versionKey: null, reason: 'refused' },
    ])).toEqual([
      { dateAdded: 5, id: 'indicator--1', versionKey: 'a', type: 'indicator' },
      { dateAdded: 6, id: 'ipv4-addr--2', versionKey: '', type: 'ipv4-addr' },
    ]);
  });
});

describe('NATS JetStream bus', () => {
  let nats: Awaited<ReturnType<typeof freshNatsStream>>;
  const buses: NatsBus[] = [];
  beforeAll(async () => {
    nats = await freshNatsStream();
    if ('skip' in nats) console.warn(`skipping the NATS bus tests: ${nats.skip}`);
  });
  afterAll(async () => {
    for (const b of buses) await b.close();
    if (nats && !('skip' in nats)) await nats.drop();
  });

  const open = async (): Promise<NatsBus> => {
    if ('skip' in nats) throw new Error('unreachable');
    const bus = await NatsBus.connect({ url: nats.url, stream: nats.stream, log });
    buses.push(bus);
    return bus;
  };

  it('carries an event published through one connection to the subscribers of another, and to its own', async (t) => {
    if ('skip' in nats) return t.skip(nats.skip);
    const a = await open();
    const b = await open();
    const base = Date.now() * 1000;
    const onB = collect(b, 3, (e) => e.dateAdded >= base);
    const onA = collect(a, 3, (e) => e.dateAdded >= base);
    await a.publish([event(base), event(base + 1, 'relationship--x')]);
    await b.publish([event(base + 2)]);
    // B hears A's two (through NATS) and its own (locally); A hears its own two and B's
    expect((await onB.done).map((e) => e.dateAdded).sort()).toEqual([base, base + 1, base + 2]);
    expect((await onA.done).map((e) => e.dateAdded).sort()).toEqual([base, base + 1, base + 2]);
    expect(onB.got.find((e) => e.dateAdded === base + 1)).toEqual(event(base + 1, 'relationship--x'));
  });

  it('stores a re-published event (same date_added) once', async (t) => {
    if ('skip' in nats) return t.skip(nats.skip);
    const a = await open();
    const b = await open();
    const nc = await connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    const before = (await jsm.streams.info(nats.stream)).state.messages;
    const d = Date.now() * 1000 + 1_000_000;
    const onB = collect(b, 3, (e) => e.dateAdded >= d);
    await a.publish([event(d)]);
    await a.publish([event(d)]); // a retried publish
    await b.publish([event(d)]); // another replica announcing the same version
    await a.publish([event(d + 1)]);
    const got = await onB.done;
    // B's own (locally) and A's first, then d + 1: the duplicates never arrived (NATS keeps order per stream)
    expect(got.map((e) => e.dateAdded).sort()).toEqual([d, d, d + 1]);
    const after = (await jsm.streams.info(nats.stream)).state.messages;
    expect(after - before).toBe(2);
    const cfg = (await jsm.streams.info(nats.stream)).config;
    expect(cfg.subjects).toEqual([`${subjectPrefixOf(nats.stream)}.>`]);
    await nc.close();
  });

  it('starts again on an existing stream (the configuration is applied idempotently)', async (t) => {
    if ('skip' in nats) return t.skip(nats.skip);
    const [x, y] = await Promise.all([open(), open()]);
    expect(x.kind).toBe('nats');
    expect(y.kind).toBe('nats');
  });
});
