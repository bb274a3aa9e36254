#pragma once
#include <napi.h>

namespace albert {
// Each adds its kernels to the addon's exports.
void RegisterUnary(Napi::Env env, Napi::Object exports);
void RegisterBinary(Napi::Env env, Napi::Object exports);
void RegisterReduce(Napi::Env env, Napi::Object exports);
void RegisterTranspose(Napi::Env env, Napi::Object exports);
void RegisterNorm(Napi::Env env, Napi::Object exports);
void RegisterAttention(Napi::Env env, Napi::Object exports);
void RegisterAdamW(Napi::Env env, Napi::Object exports);
void RegisterGather(Napi::Env env, Napi::Object exports);
void RegisterXent(Napi::Env env, Napi::Object exports);

inline void RegisterEltwise(Napi::Env env, Napi::Object exports) {
  RegisterUnary(env, exports);
  RegisterBinary(env, exports);
  RegisterReduce(env, exports);
  RegisterTranspose(env, exports);
  RegisterNorm(env, exports);
  RegisterAttention(env, exports);
  RegisterAdamW(env, exports);
  RegisterGather(env, exports);
  RegisterXent(env, exports);
}
}  // namespace albert
