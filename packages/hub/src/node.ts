/** Node entry: the hub cache on disk (also reachable lazily through `hubFolder` of the main entry). */
export { HubSnapshot } from './download-node.js';
export * from './index.js';
export { hubSnapshotDownload } from './resolve.js';
