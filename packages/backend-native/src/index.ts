export { nativeInfo, sgemmGflops } from './info.js';
export type { NativeStatus, RegisterOptions } from './register.js';
export {
  isNativeAvailable,
  registeredNativeKernels,
  registerNativeKernels,
  unregisterNativeKernels,
} from './register.js';
