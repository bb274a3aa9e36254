// GatherV2 with batchDims 0: out[o, i, :] = x[o, idx[i], :] for 4-byte elements, rows copied
// in parallel. The indices are checked here only (tfjs's message; the TS kernel adds its name).
#include <algorithm>
#include <cstring>

#include "args.h"
#include "common.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

// gather(heap, params: GatherArg)
Napi::Value Gather(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = GatherArg;
  Params p(info[1], A::kCount);
  int64_t outer = checkedCount(env, p[A::kOuter], "outer"), nIdx = checkedCount(env, p[A::kNumIndices], "indices");
  int64_t axisDim = checkedCount(env, p[A::kAxisSize], "axis size"), inner = checkedCount(env, p[A::kInner], "inner");
  const uint32_t* x = heap.at<uint32_t>(env, p[A::kX], static_cast<double>(outer * axisDim * inner), "x");
  const int32_t* idx = heap.at<int32_t>(env, p[A::kIndices], static_cast<double>(nIdx), "indices");
  uint32_t* out = heap.at<uint32_t>(env, p[A::kOut], static_cast<double>(outer * nIdx * inner), "out");
  for (int64_t i = 0; i < nIdx; i++) {
    if (idx[i] < 0 || idx[i] >= axisDim) {
      throw Napi::RangeError::New(env, "albert-native: the index value " + std::to_string(idx[i]) + " is not in [0, " +
                                           std::to_string(axisDim - 1) + "]");
    }
  }
  const size_t rowBytes = static_cast<size_t>(inner) * 4;
  ThreadPool::instance().parallelFor(outer * nIdx, std::max<int64_t>(1, 16384 / std::max<int64_t>(inner, 1)),
                                     [&](int64_t s, int64_t e) {
                                       for (int64_t r = s; r < e; r++) {
                                         const int64_t o = r / nIdx, i = r % nIdx;
                                         std::memcpy(out + r * inner, x + (o * axisDim + idx[i]) * inner, rowBytes);
                                       }
                                     });
  return env.Undefined();
}

}  // namespace

void RegisterGather(Napi::Env env, Napi::Object exports) { exports.Set("gather", Napi::Function::New(env, Gather)); }

}  // namespace albert
