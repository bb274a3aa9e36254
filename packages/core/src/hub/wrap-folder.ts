import type { HubFolder } from '@albert-ts/hub';
import { hubCall } from './errors.js';

/** The same folder with its reads throwing AlbertError instead of HubError. */
export function wrapFolder(folder: HubFolder): HubFolder {
  return {
    get base() {
      return folder.base;
    },
    get offline() {
      return folder.offline;
    },
    read: (file) => hubCall(() => folder.read(file)),
    has: (file) => hubCall(() => folder.has(file)),
  };
}
