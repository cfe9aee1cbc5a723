export { canReadCollection, canWriteCollection, canSeeCommunity, canReadStatus } from './collection-access.js';
