import type { Logger } from 'pino';
import type { HubConfig } from '../config.js';
import type { IdentityService } from '../identity/service.js';
import type { Store } from '../store/types.js';

/** What every route plugin is given: the store, the services over it, the config. */
export interface HubContext {
  config: HubConfig;
  store: Store;
  identity: IdentityService;
  log: Logger;
}
