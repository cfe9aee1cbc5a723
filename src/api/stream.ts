/**
 * GET /api/v1/stream: new and updated objects the caller may see, as Server-Sent Events
 * (docs/notify.md "Live stream"). Authenticated like the rest of the API (token or portal
 * session).
 *
 * - Each event is one stored version: `id: <date_added>`, `event: object`,
 *   `data: {"id", "type", "version", "tlp", "object"}` with the object as this viewer receives it
 *   (the anonymous form where attribution is hidden from it). Only versions whose channels
 *   include `stream`.
 * - Resuming: with `Last-Event-ID` (or `?last_event_id=`) the stream first replays from the store,
 *   through the viewer's predicate, everything after that id, then goes live. The client joins the
 *   live fan-out before the replay starts; what arrives live meanwhile waits, and a version is
 *   never sent twice (ids only increase per connection), so there is neither gap nor duplicate.
 * - A comment line every `stream.heartbeatMs` (15 s); the credentials and trust are read again
 *   every `stream.refreshMs` (60 s): a revoked token, an ended session, a revoked grant apply.
 * - Back-pressure: a client that lets more than `stream.maxBufferBytes` of output wait is
 *   disconnected (it resumes with Last-Event-ID; nothing is lost); the replay waits for it instead.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { SessionService } from '../identity/sessions.js';
import type { Principal } from '../identity/principal.js';
import { StreamHub, streamAllowed, type StreamSink } from '../notify/stream-hub.js';
import { predicateFor } from '../policy/predicate.js';
import type { UserViewer } from '../policy/viewer.js';
import type { HubContext } from '../server/context.js';
import { TLP_ORDER } from '../stix/markings.js';
import { formatMicros } from '../stix/timestamps.js';
import type { SharedRow } from '../store/types.js';
import { ProblemError } from './problem.js';
import { SESSION_COOKIE } from './session.js';
import { callerView, servedJson } from './view.js';

export const STREAM_PATH = '/stream';

const REPLAY_PAGE = 500;
/** live rows held while a replay runs; beyond this the replay reads them from the store instead */
const MAX_HELD = 10_000;

/** The resume point: Last-Event-ID, else ?last_event_id=; undefined when neither is given. */
export function resumePoint(header: string | string[] | undefined, query: unknown): number | undefined {
  const raw = (Array.isArray(header) ? header[0] : header) ?? (typeof query === 'string' ? query : undefined);
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim();
  if (!/^\d{1,16}$/.test(v) || !Number.isSafeInteger(Number(v))) {
    throw new ProblemError({
      title: 'Bad request', status: 400,
      detail: 'Last-Event-ID (or last_event_id) must be the id of an event this stream sent (a decimal number).',
    });
  }
  return Number(v);
}

/** Each version's two possible events (attribution visible, hidden), built once for all clients. */
const built = new WeakMap<SharedRow, [string | undefined, string | undefined]>();

/** One version as an SSE event for this viewer. */
export function eventOf(row: SharedRow, viewer: UserViewer): string {
  const served = servedJson(row, viewer);
  const slot = served === row.json ? 0 : 1;
  let pair = built.get(row);
  if (!pair) built.set(row, (pair = [undefined, undefined]));
  return (pair[slot] ??= buildEvent(row, served));
}

function buildEvent(row: SharedRow, served: string): string {
  // stored JSON is canonical (one line); an event's data must be, whatever happens upstream
  const object = served.includes('\n') || served.includes('\r') ? JSON.stringify(JSON.parse(served)) : served;
  const version = row.modified ?? row.created ?? formatMicros(row.dateAdded);
  const data = `{"id":${JSON.stringify(row.id)},"type":${JSON.stringify(row.type)},"version":${JSON.stringify(version)},`
    + `"tlp":${JSON.stringify(TLP_ORDER[row.tlpRank] ?? 'red')},"object":${object}}`;
  return `id: ${row.dateAdded}\nevent: object\ndata: ${data}\n\n`;
}

/** One connection. */
class Client implements StreamSink {
  viewer: UserViewer;
  /** the last date_added sent: anything at or below it is not sent again */
  private lastSent: number;
  /** while replaying: live rows held back; null = live */
  private held: SharedRow[] | null = null;
  private heldOverflow = false;
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly res: ServerResponse,
    viewer: UserViewer,
    after: number,
    private readonly maxBuffer: number,
    private readonly onClose: () => void,
  ) {
    this.viewer = viewer;
    this.lastSent = after;
    res.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  /**
   * Writes, unless the client let more than the bound wait since earlier writes: then it is
   * disconnected instead. (During a replay nothing live is written; the replay waits for the client.)
   */
  write(chunk: string): void {
    if (this.closed) return;
    if (this.held === null && this.res.writableLength > this.maxBuffer) return this.close();
    this.res.write(chunk);
  }

  send(rows: readonly SharedRow[]): void {
    let out = '';
    for (const r of rows) {
      if (r.dateAdded <= this.lastSent) continue;
      out += eventOf(r, this.viewer);
      this.lastSent = r.dateAdded;
    }
    if (out !== '') this.write(out);
  }

  deliver(rows: SharedRow[]): void {
    if (this.closed) return;
    if (this.held === null) return this.send(rows);
    if (this.heldOverflow) return;
    this.held.push(...rows);
    if (this.held.length > MAX_HELD) {
      this.held = [];
      this.heldOverflow = true;
    }
  }

  fail(): void {
    this.close();
  }

  /**
   * Everything after `lastSent` the viewer may see, from the store, then live. Live rows arriving
   * meanwhile are held; if too many arrive, they are dropped and read from the store instead.
   */
  async replay(ctx: HubContext): Promise<void> {
    this.held = [];
    while (true) {
      const more = await this.replayPage(ctx);
      if (this.closed) return;
      if (more) continue;
      if (!this.heldOverflow) break;
      this.heldOverflow = false;
      this.held = [];
    }
    const held = this.held;
    this.held = null;
    this.send(held);
  }

  private async replayPage(ctx: HubContext): Promise<boolean> {
    const predicate = predicateFor(this.viewer, new Date());
    const page = await ctx.store.shared.query({
      scope: { kind: 'all' }, predicate, addedAfter: this.lastSent, versions: { all: true }, limit: REPLAY_PAGE,
    });
    this.send(page.rows.filter(streamAllowed));
    const tail = page.rows[page.rows.length - 1];
    if (tail && tail.dateAdded > this.lastSent) this.lastSent = tail.dateAdded;
    // the replay can wait for a slow client: it reads from the store, nothing piles up here
    if (!this.closed && this.res.writableNeedDrain) await new Promise<void>((resolve) => {
      this.res.once('drain', resolve);
      this.res.once('close', resolve);
    });
    return page.more && !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.onClose();
    if (!this.res.destroyed) this.res.destroy();
  }
}

/** The caller again, from the credentials the connection was opened with; undefined when they no longer hold. */
async function reauthenticate(ctx: HubContext, sessions: SessionService, request: FastifyRequest): Promise<Principal | undefined> {
  if (request.headers.authorization !== undefined) return ctx.identity.authenticate(request.headers.authorization);
  return (await sessions.resolve(request.cookies[SESSION_COOKIE]))?.principal;
}

export function registerStreamRoute(app: FastifyInstance, ctx: HubContext): void {
  let hub: StreamHub | undefined;
  const clients = new Set<Client>();
  // open streams would keep the server from closing: they end first (clients resume elsewhere)
  app.addHook('preClose', async () => {
    for (const c of [...clients]) c.close();
    hub?.close();
    hub = undefined;
  });

  app.get<{ Querystring: { last_event_id?: string } }>(STREAM_PATH, async (request, reply) => {
    const after = resumePoint(request.headers['last-event-id'], request.query.last_event_id);
    const view = await callerView(ctx, request.principal!);
    hub ??= new StreamHub(ctx.store, ctx.log, ctx.feed);
    const liveHub = hub;
    const sessions = new SessionService(ctx.store, ctx.identity);
    const { heartbeatMs, maxBufferBytes, refreshMs } = ctx.config.stream;

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.socket?.setNoDelay(true);
    const client = new Client(res, view.viewer, after ?? ctx.feed.cursor, maxBufferBytes, () => {
      liveHub.remove(client);
      clients.delete(client);
    });
    clients.add(client);
    liveHub.add(client);
    client.write(`retry: 3000\n: kyojo stream${after === undefined ? '' : ` resuming after ${after}`}\n\n`);
    client.every(heartbeatMs, () => client.write(': heartbeat\n\n'));
    client.every(refreshMs, () => {
      void (async () => {
        const p = await reauthenticate(ctx, sessions, request);
        if (!p) return client.close();
        client.viewer = (await callerView(ctx, p)).viewer;
      })().catch((err: unknown) => request.log.warn({ err }, 'stream: could not read the client\'s trust again; kept as it was'));
    });
    request.log.info({ user: view.viewer.userId, resume: after ?? null }, 'stream: connected');
    if (after !== undefined) {
      try {
        await client.replay(ctx);
      } catch (err) {
        request.log.warn({ err }, 'stream: replay failed; closing (the client resumes)');
        client.close();
      }
    }
  });
}
