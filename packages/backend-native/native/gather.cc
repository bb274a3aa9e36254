// GatherV2 with batchDims 0: out[o, i, :] = x[o, idx[i], :] for 4-byte elements, rows copied
// in parallel. Indices are checked (the JS side also checks, with tfjs's message).
#include <algorithm>
#include <cstring>

#include "common.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

// gather(heap, params): xOff idxOff outOff outer nIdx axisDim inner
Napi::Value Gather(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  Params p(info[1], 7);
  int64_t outer = checkedCount(env, p[3], "outer"), nIdx = checkedCount(env, p[4], "indices");
  int64_t axisDim = checkedCount(env, p[5], "axis size"), inner = checkedCount(env, p[6], "inner");
  const uint32_t* x = heap.at<uint32_t>(env, p[0], static_cast<double>(outer * axisDim * inner), "x");
  const int32_t* idx = heap.at<int32_t>(env, p[1], static_cast<double>(nIdx), "indices");
  uint32_t* out = heap.at<uint32_t>(env, p[2], static_cast<double>(outer * nIdx * inner), "out");
  for (int64_t i = 0; i < nIdx; i++) {
    if (idx[i] < 0 || idx[i] >= axisDim) throw Napi::RangeError::New(env, "albert-native: gather index out of range");
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
