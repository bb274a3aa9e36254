#pragma once
#include <napi.h>

namespace albert {
Napi::Value Gemm(const Napi::CallbackInfo& info);
}  // namespace albert
