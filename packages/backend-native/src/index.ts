export type { AddonSource, NativeAddonInfo } from './addon.js';
export type { NativeInfo } from './info.js';
export { nativeInfo, sgemmGflops } from './info.js';
export type { NativeStatus, RegisterOptions } from './register.js';
export {
  isNativeAvailable,
  registeredNativeKernels,
  registerNativeKernels,
  unregisterNativeKernels,
} from './register.js';
