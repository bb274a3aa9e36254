#pragma once
#include <napi.h>

namespace albert {
Napi::Value Gemm(const Napi::CallbackInfo& info);
Napi::Value PackB(const Napi::CallbackInfo& info);
Napi::Value PackedBLength(const Napi::CallbackInfo& info);
}  // namespace albert
