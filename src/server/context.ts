import type { Logger } from 'pino';
import type { AttachmentService } from '../attachments/index.js';
import type { HubConfig } from '../config.js';
import type { IdentityService } from '../identity/service.js';
import type { EventBus, Feed } from '../notify/types.js';
import type { Store } from '../store/types.js';

/** What every route plugin is given: the store, the services over it, the config, the bus and feed of delivery. */
export interface HubContext {
  config: HubConfig;
  store: Store;
  identity: IdentityService;
  log: Logger;
  /** where write paths announce stored versions (docs/notify.md); in-process, or NATS across replicas */
  bus: EventBus;
  /** this process's tail of the store, woken by the bus: the live stream and the dispatcher listen to it */
  feed: Feed;
  /** uploaded files (desk reports, supplier evidence): checked, hashed, served as downloads only */
  attachments: AttachmentService;
}
