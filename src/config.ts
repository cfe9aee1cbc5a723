import { resolve } from 'node:path';
import { isTlp, TLP_ORDER, type Tlp } from './stix/markings.js';
import { parseSecretKey } from './notify/secret-box.js';

/** Everything the server reads from flags and environment, resolved once at start. */
export interface HubConfig {
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… selects PostgreSQL; otherwise SQLite in dataDir */
  databaseUrl: string | undefined;
  /** largest request body accepted, bytes (larger: 413) */
  bodyLimit: number;
  /** TAXII page size when the client gives no limit */
  defaultPageSize: number;
  /** largest TAXII page the server returns, whatever the client asks */
  maxPageSize: number;
  /** the hub's name in TAXII discovery */
  title: string;
  logLevel: string;
  /** TLP applied to an ingested object without a TLP marking (KYOJO_DEFAULT_TLP, default amber) */
  defaultTlp: Tlp;
  /** trust X-Forwarded-* from a TLS-terminating proxy in front (KYOJO_TRUST_PROXY=1) */
  trustProxy: boolean;
  /** the address users reach the hub at, for links in invitations (KYOJO_PUBLIC_URL); null = http://host:port */
  publicUrl: string | null;
  /**
   * the hub key (KYOJO_SECRET_KEY: 32 bytes, base64 or hex) sealing webhook secrets and signing
   * unsubscribe links; null = `<dataDir>/secret.key` on SQLite (src/notify/secret-box.ts)
   */
  secretKey: Buffer | null;
  /** the SMTP server email goes through (KYOJO_SMTP_URL, smtp:// or smtps://); null = the email channel is paused */
  smtpUrl: string | null;
  /** the From of delivery email (KYOJO_SMTP_FROM); null = `Kyojo <kyojo@host of the public URL>` */
  smtpFrom: string | null;
  /** refuse to send over an unencrypted SMTP connection (KYOJO_SMTP_REQUIRE_TLS=1: STARTTLS must succeed on smtp://) */
  smtpRequireTls: boolean;
  /** the burst window: items for one recipient within it become one message (KYOJO_MAIL_COALESCE_SECONDS, default 60) */
  mailCoalesceSeconds: number;
  /** consecutive failed deliveries that disable a webhook (KYOJO_WEBHOOK_DISABLE_AFTER, default 10) */
  webhookDisableAfter: number;
  /** NATS with JetStream carrying object events between replicas (KYOJO_NATS_URL, nats://…); null = in-process bus */
  natsUrl: string | null;
  /** the JetStream stream of those events (KYOJO_NATS_STREAM, default KYOJO_OBJECTS) */
  natsStream: string;
  /** the live stream, GET /api/v1/stream (src/api/stream.ts) */
  stream: StreamConfig;
  /** largest uploaded attachment, bytes (KYOJO_ATTACHMENT_MAX_BYTES, default 25 MiB; src/attachments) */
  attachmentMaxBytes: number;
}

export interface StreamConfig {
  /** a comment line this often keeps idle connections open (KYOJO_STREAM_HEARTBEAT_SECONDS, default 15) */
  heartbeatMs: number;
  /** a client whose unsent output exceeds this many bytes is disconnected (KYOJO_STREAM_BUFFER_BYTES, default 1 MiB) */
  maxBufferBytes: number;
  /** how often a client's credentials and trust are read again (KYOJO_STREAM_REFRESH_SECONDS, default 60) */
  refreshMs: number;
}

export interface ConfigOverrides {
  host?: string;
  port?: number | string;
  data?: string;
  databaseUrl?: string;
}

/** An integer setting: `fallback` when unset or empty, else an integer in [min, max] or an error naming the setting. */
export function intFrom(name: string, raw: string | number | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): HubConfig {
  const defaultPageSize = intFrom('KYOJO_PAGE_DEFAULT', env.KYOJO_PAGE_DEFAULT, 1000, 1, 100_000);
  return {
    host: overrides.host ?? env.KYOJO_HOST ?? '127.0.0.1',
    port: intFrom('port', overrides.port ?? env.KYOJO_PORT, 8080, 0, 65535),
    dataDir: resolve(overrides.data ?? env.KYOJO_DATA ?? './data'),
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    bodyLimit: intFrom('KYOJO_BODY_LIMIT', env.KYOJO_BODY_LIMIT, 50 * 1024 * 1024, 1024, 2 ** 31 - 1),
    attachmentMaxBytes: intFrom('KYOJO_ATTACHMENT_MAX_BYTES', env.KYOJO_ATTACHMENT_MAX_BYTES, 25 * 1024 * 1024, 1, 512 * 1024 * 1024),
    defaultPageSize,
    maxPageSize: Math.max(defaultPageSize, intFrom('KYOJO_PAGE_MAX', env.KYOJO_PAGE_MAX, 10_000, 1, 100_000)),
    title: env.KYOJO_TITLE ?? 'Kyojo threat-sharing hub',
    logLevel: env.KYOJO_LOG_LEVEL ?? 'info',
    defaultTlp: tlpFrom(env.KYOJO_DEFAULT_TLP),
    trustProxy: env.KYOJO_TRUST_PROXY === '1' || env.KYOJO_TRUST_PROXY === 'true',
    publicUrl: publicUrlFrom(env.KYOJO_PUBLIC_URL),
    secretKey: env.KYOJO_SECRET_KEY ? parseSecretKey(env.KYOJO_SECRET_KEY) : null,
    smtpUrl: smtpUrlFrom(env.KYOJO_SMTP_URL),
    smtpFrom: env.KYOJO_SMTP_FROM?.trim() || null,
    smtpRequireTls: env.KYOJO_SMTP_REQUIRE_TLS === '1' || env.KYOJO_SMTP_REQUIRE_TLS === 'true',
    mailCoalesceSeconds: intFrom('KYOJO_MAIL_COALESCE_SECONDS', env.KYOJO_MAIL_COALESCE_SECONDS, 60, 0, 86_400),
    webhookDisableAfter: intFrom('KYOJO_WEBHOOK_DISABLE_AFTER', env.KYOJO_WEBHOOK_DISABLE_AFTER, 10, 1, 10_000),
    natsUrl: natsUrlFrom(env.KYOJO_NATS_URL),
    natsStream: natsStreamFrom(env.KYOJO_NATS_STREAM),
    stream: {
      heartbeatMs: 1000 * intFrom('KYOJO_STREAM_HEARTBEAT_SECONDS', env.KYOJO_STREAM_HEARTBEAT_SECONDS, 15, 1, 3600),
      maxBufferBytes: intFrom('KYOJO_STREAM_BUFFER_BYTES', env.KYOJO_STREAM_BUFFER_BYTES, 1024 * 1024, 16 * 1024, 2 ** 31 - 1),
      refreshMs: 1000 * intFrom('KYOJO_STREAM_REFRESH_SECONDS', env.KYOJO_STREAM_REFRESH_SECONDS, 60, 1, 86_400),
    },
  };
}

function natsUrlFrom(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  for (const part of raw.split(',')) {
    const v = part.trim();
    if (!/^(nats|tls|ws|wss):\/\/[^\s]+$/i.test(v) && !/^[A-Za-z0-9.-]+:\d+$/.test(v)) {
      throw new Error(`KYOJO_NATS_URL must be nats://host:port (several comma-separated), got '${raw}'`);
    }
  }
  return raw.trim();
}

function natsStreamFrom(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return 'KYOJO_OBJECTS';
  const v = raw.trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(v)) throw new Error(`KYOJO_NATS_STREAM must be letters, digits, _ or - (at most 64), got '${raw}'`);
  return v;
}

function smtpUrlFrom(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new Error('KYOJO_SMTP_URL must be a URL such as smtp://user:password@mail.example.org:587 or smtps://mail.example.org:465');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error(`KYOJO_SMTP_URL must start with smtp:// or smtps://, got '${u.protocol}//'`);
  if (u.hostname === '') throw new Error('KYOJO_SMTP_URL names no host');
  return raw.trim();
}

function tlpFrom(raw: string | undefined): Tlp {
  if (raw === undefined || raw === '') return 'amber';
  const v = raw.trim().toLowerCase();
  if (!isTlp(v)) throw new Error(`KYOJO_DEFAULT_TLP must be one of ${TLP_ORDER.join(', ')}, got '${raw}'`);
  return v;
}

function publicUrlFrom(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new Error(`KYOJO_PUBLIC_URL must be an http(s) URL such as https://kyojo.example.org, got '${raw}'`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`KYOJO_PUBLIC_URL must be an http(s) URL, got '${raw}'`);
  return u.origin + u.pathname.replace(/\/+$/, '');
}

/** Where users reach the hub: KYOJO_PUBLIC_URL, else the listening address. */
export function baseUrlOf(config: Pick<HubConfig, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}
