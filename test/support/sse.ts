/**
 * A Server-Sent Events client for tests and benchmarks, over node:http (so a test can also stop
 * reading, as a slow client would). Parses events (id, event, data) and comment lines.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
  /** performance.now() when it was parsed */
  at: number;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  contentType: string | undefined;
  /** the body received when the answer was not a stream (problem details) */
  body = '';
  ended = false;
  private buf = '';
  private cur: { id?: string; event?: string; data: string[] } = { data: [] };
  private waiters: (() => void)[] = [];
  private req: ClientRequest | undefined;
  res: IncomingMessage | undefined;

  /** Connects; resolves once the hub answered and (for a stream) sent its first comment. */
  static async open(url: string, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<SseClient> {
    const c = new SseClient();
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        c.res = res;
        c.status = res.statusCode ?? 0;
        c.contentType = res.headers['content-type'];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => c.feed(chunk));
        res.on('end', () => c.finish());
        res.on('close', () => c.finish());
        res.on('error', () => c.finish());
        if (c.status !== 200) res.on('end', () => resolve());
      });
      req.on('error', (err) => (c.status === 0 ? reject(err) : c.finish()));
      req.end();
      c.req = req;
      c.waitUntil(() => c.comments.length > 0 || c.ended, timeoutMs).then(() => resolve(), reject);
    });
    return c;
  }

  private finish(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private feed(chunk: string): void {
    if (this.status !== 200) {
      this.body += chunk;
      return;
    }
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + (this.buf.startsWith('\r\n', nl) ? 2 : 1));
      this.line(line);
    }
    this.notify();
  }

  private line(line: string): void {
    if (line === '') {
      if (this.cur.data.length > 0) {
        this.events.push({ id: this.cur.id, event: this.cur.event ?? 'message', data: this.cur.data.join('\n'), at: performance.now() });
      }
      this.cur = { data: [] };
      return;
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trim());
      return;
    }
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'id') this.cur.id = value;
    else if (field === 'event') this.cur.event = value;
    else if (field === 'data') this.cur.data.push(value);
  }

  /** Resolves when `cond` holds (checked on every chunk); rejects after the timeout. */
  waitUntil(cond: () => boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SSE: timed out waiting for ${what} (${this.events.length} events, ${this.comments.length} comments)`)), timeoutMs);
      const check = () => {
        if (cond()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  /** The parsed data of every `object` event. */
  objects<T = { id: string; type: string; version: string; tlp: string; object: Record<string, unknown> }>(): T[] {
    return this.events.filter((e) => e.event === 'object').map((e) => JSON.parse(e.data) as T);
  }

  /** Waits for an `object` event about STIX id `id`. */
  async waitForObject(id: string, timeoutMs = 30_000): Promise<void> {
    await this.waitUntil(() => this.objects().some((o) => o.id === id), timeoutMs, `an event about ${id}`);
  }

  /** Stop reading (the socket fills up, as with a slow client). */
  pause(): void {
    this.res?.pause();
  }

  close(): void {
    this.req?.destroy();
    this.res?.destroy();
  }
}
