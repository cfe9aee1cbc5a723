export { canReadCollection, canWriteCollection, canSeeCommunity } from './collection-access.js';
