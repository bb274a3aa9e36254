// The hub cache on disk is @albert-ts/hub's (its methods throw HubError, with core's codes).
export { HubSnapshot } from '@albert-ts/hub/node';
