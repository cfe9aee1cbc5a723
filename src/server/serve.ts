import type { FastifyInstance } from 'fastify';
import { baseUrlOf, type HubConfig } from '../config.js';
import { IdentityService } from '../identity/service.js';
import { createLogger } from '../log.js';
import { openStore } from '../store/open.js';
import { startDelivery } from '../notify/index.js';
import { hubKeyFor } from '../notify/secret-box.js';
import { createBus } from '../notify/bus.js';
import { StoreFeed } from '../notify/feed.js';
import { AttachmentService } from '../attachments/index.js';
import { FederationService, federationOptionsFromEnv } from '../federation/service.js';
import type { EventBus } from '../notify/types.js';
import { startTrendWatch, trendsIntervalFrom } from '../match/trend-watch.js';
import { startMonthlyBoardReports } from '../board-report/mail.js';
import { postureMailer } from '../posture/mail.js';
import { startSupplyReminders } from '../supply/notices.js';
import { buildApp } from './app.js';
import type { HubContext } from './context.js';

export interface RunningHub {
  app: FastifyInstance;
  ctx: HubContext;
  url: string;
  close(): Promise<void>;
}

/** Opens the store (creating and migrating it on first run) and starts listening. */
export async function startHub(config: HubConfig): Promise<RunningHub> {
  const log = createLogger(config.logLevel);
  const trendsInterval = trendsIntervalFrom(process.env);
  const federationOptions = federationOptionsFromEnv(process.env);
  hubKeyFor(config); // the hub key, generated on first start on SQLite; without one on PostgreSQL, no start
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  let bus: EventBus;
  try {
    bus = await createBus(config, log);
  } catch (e) {
    await store.close();
    throw e;
  }
  // the feed starts at the store's end (after the hub's own objects) before the hub answers anything
  const feed = new StoreFeed({ store, log, bus });
  const stopEvents = async () => {
    await feed.stop();
    await bus.close();
  };
  const attachments = new AttachmentService(store, { maxBytes: config.attachmentMaxBytes });
  const ctx: HubContext = { config, store, identity: new IdentityService(store), log, bus, feed, attachments };
  let app: FastifyInstance;
  try {
    app = await buildApp(ctx);
    feed.start();
    await feed.ready;
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    await stopEvents();
    await store.close();
    throw e;
  }
  // federation: every peer synced after each new version (the feed wakes it) and every second
  const federation = new FederationService({ store, config, log }, federationOptions);
  const unwake = feed.onRows(() => federation.wake());
  federation.start();
  const stopTrends = startTrendWatch(ctx, trendsInterval);
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // delivery: the dispatcher (woken by the feed), the mailer and the webhook sender (docs/notify.md)
  const delivery = startDelivery(ctx, { baseUrl: baseUrlOf({ ...config, port }) });
  // the monthly board report to each organization's executives (docs/posture.md), when email is configured
  const stopBoardReports = config.smtpUrl ? startMonthlyBoardReports({ store, identity: ctx.identity, mailer: () => postureMailer(config), log }) : async () => {};
  // supplier-assessment invitations and reminders, each sent once across replicas (docs/supply-chain.md)
  const supplyReminders = startSupplyReminders(ctx, baseUrlOf({ ...config, port }));
  return {
    app,
    ctx,
    url: `http://${host}:${port}`,
    async close() {
      await delivery.stop();
      await stopBoardReports();
      await supplyReminders.stop();
      await stopTrends();
      unwake();
      await federation.stop();
      await app.close();
      await stopEvents();
      await store.close();
    },
  };
}
