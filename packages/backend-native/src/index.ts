export type { AddonSource, NativeAddonInfo } from './addon.js';
export type { NativeInfo } from './info.js';
export { nativeInfo, sgemmGflops } from './info.js';
export type { PackCacheStats } from './kernels/pack-cache.js';
export { clearPackCache, packCacheStats, setPackCacheLimit } from './pack-cache-api.js';
export type { NativeStatus, RegisterOptions } from './register.js';
export {
  isNativeAvailable,
  registeredNativeKernels,
  registerNativeKernels,
  unregisterNativeKernels,
} from './register.js';
