// Hub options and folders are @albert-ts/hub's; core re-exports the types unchanged.
export type { HubFolder, HubOptions, HubProgress } from '@albert-ts/hub';
