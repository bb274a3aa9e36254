// Element-wise binary kernels with numpy broadcasting. The JS side collapses the shapes to at
// most kMaxDims dims and passes per-operand strides (0 on broadcast dims); the innermost dim
// then has stride 1 or 0 for each operand, which the vectorized inner loops specialise on.
#include <algorithm>

#include "args.h"
#include "common.h"
#include "cpu.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

constexpr int kMaxDims = kBinaryMaxDims;
struct Layout {
  int nd;
  int64_t dims[kMaxDims];
  int64_t as[kMaxDims];
  int64_t bs[kMaxDims];
};

// Runs output elements [begin, end).
void runRange(const KernelTable& kt, int op, const Layout& L, const float* a, const float* b, float* out, int64_t begin, int64_t end) {
  int64_t coord[kMaxDims];
  int64_t rem = begin;
  for (int d = L.nd - 1; d >= 0; d--) {
    coord[d] = rem % L.dims[d];
    rem /= L.dims[d];
  }
  int64_t ao = 0, bo = 0;
  for (int d = 0; d < L.nd; d++) {
    ao += coord[d] * L.as[d];
    bo += coord[d] * L.bs[d];
  }
  const int last = L.nd - 1;
  int64_t i = begin;
  while (i < end) {
    int64_t len = std::min(L.dims[last] - coord[last], end - i);
    kt.binaryInner(op, a + ao, L.as[last], b + bo, L.bs[last], out + i, len);
    i += len;
    coord[last] += len;
    ao += len * L.as[last];
    bo += len * L.bs[last];
    for (int d = last; d > 0 && coord[d] == L.dims[d]; d--) {
      ao -= coord[d] * L.as[d];
      bo -= coord[d] * L.bs[d];
      coord[d] = 0;
      coord[d - 1]++;
      ao += L.as[d - 1];
      bo += L.bs[d - 1];
    }
  }
}

// binary(heap, params: BinaryArg)
Napi::Value Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = BinaryArg;
  Params p(info[1], A::kCount);
  int op = static_cast<int>(p[A::kOp]);
  if (op < 0 || op > kBinaryLast) throw Napi::RangeError::New(env, "albert-native: bad binary op");
  Layout L;
  L.nd = static_cast<int>(p[A::kRank]);
  if (L.nd < 1 || L.nd > kMaxDims) throw Napi::RangeError::New(env, "albert-native: bad rank");
  int64_t total = 1, aSpan = 1, bSpan = 1;
  for (int d = 0; d < L.nd; d++) {
    L.dims[d] = checkedCount(env, p[A::kDims + d], "dim");
    L.as[d] = checkedCount(env, p[A::kAStrides + d], "stride");
    L.bs[d] = checkedCount(env, p[A::kBStrides + d], "stride");
    total *= L.dims[d];
  }
  if (total == 0) return env.Undefined();
  for (int d = 0; d < L.nd; d++) {
    aSpan += (L.dims[d] - 1) * L.as[d];
    bSpan += (L.dims[d] - 1) * L.bs[d];
  }
  if (L.as[L.nd - 1] > 1 || L.bs[L.nd - 1] > 1) throw Napi::RangeError::New(env, "albert-native: inner stride");
  const float* a = heap.at<float>(env, p[A::kA], static_cast<double>(aSpan), "a");
  const float* b = heap.at<float>(env, p[A::kB], static_cast<double>(bSpan), "b");
  float* out = heap.at<float>(env, p[A::kOut], static_cast<double>(total), "out");
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(total, 32768,
                                     [&](int64_t s, int64_t e) { runRange(kt, op, L, a, b, out, s, e); });
  return env.Undefined();
}

}  // namespace

void RegisterBinary(Napi::Env env, Napi::Object exports) { exports.Set("binary", Napi::Function::New(env, Binary)); }

}  // namespace albert
