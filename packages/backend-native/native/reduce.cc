// Reductions over trailing axes (rows) or leading axes (columns), and row softmax.
#include <algorithm>
#include <vector>

#include "args.h"
#include "common.h"
#include "cpu.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

float rowExtreme(const float* x, int64_t n, bool isMax) {
  float m = x[0];
  for (int64_t i = 1; i < n; i++) {
    float v = x[i];
    if (v != v) return v;
    m = isMax ? (v > m ? v : m) : (v < m ? v : m);
  }
  return m;
}


// reduce(heap, params: ReduceArg)
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = ReduceArg;
  Params p(info[1], A::kCount);
  int op = static_cast<int>(p[A::kOp]);
  int mode = static_cast<int>(p[A::kMode]);
  if (op < 0 || op > kReduceLast || mode < 0 || mode > kReduceModeLast) {
    throw Napi::RangeError::New(env, "albert-native: bad reduce");
  }
  int64_t outer = checkedCount(env, p[A::kOuter], "outer"), inner = checkedCount(env, p[A::kInner], "inner");
  if (outer == 0 || inner == 0) throw Napi::RangeError::New(env, "albert-native: empty reduction");
  const float* x = heap.at<float>(env, p[A::kX], static_cast<double>(outer * inner), "x");
  ThreadPool& pool = ThreadPool::instance();
  const KernelTable& kt = kernels();
  if (mode == kReduceModeRows) {
    float* out = heap.at<float>(env, p[A::kOut], static_cast<double>(outer), "out");
    pool.parallelFor(outer, std::max<int64_t>(1, 32768 / inner), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; r++) {
        const float* row = x + r * inner;
        if (op == kReduceSum || op == kReduceMean) {
          float s = kt.rowSum(row, inner);
          out[r] = op == kReduceMean ? s / static_cast<float>(inner) : s;
        } else {
          out[r] = rowExtreme(row, inner, op == kReduceMax);
        }
      }
    });
  } else {
    float* out = heap.at<float>(env, p[A::kOut], static_cast<double>(inner), "out");
    int64_t grain = std::max<int64_t>(64, 32768 / outer);
    pool.parallelFor(inner, grain, [&](int64_t b, int64_t e) { kt.colAccumulate(x, outer, inner, b, e, out, op); });
  }
  return env.Undefined();
}



void softmaxRow(const KernelTable& kt, const float* x, float* y, int64_t n) {
  float m = kt.rowMax(x, n);
  kt.expShifted(x, y, n, m);
  kt.scaleRow(y, n, 1.0f / kt.rowSum(y, n));
}

// softmax(heap, params: SoftmaxArg), over the last axis
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = SoftmaxArg;
  Params p(info[1], A::kCount);
  int64_t rows = checkedCount(env, p[A::kRows], "rows"), cols = checkedCount(env, p[A::kCols], "cols");
  if (rows == 0 || cols == 0) return env.Undefined();
  const float* x = heap.at<float>(env, p[A::kX], static_cast<double>(rows * cols), "logits");
  float* y = heap.at<float>(env, p[A::kY], static_cast<double>(rows * cols), "out");
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(rows, std::max<int64_t>(1, 16384 / cols), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; r++) softmaxRow(kt, x + r * cols, y + r * cols, cols);
  });
  return env.Undefined();
}

}  // namespace

void RegisterReduce(Napi::Env env, Napi::Object exports) {
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("softmax", Napi::Function::New(env, Softmax));
}

}  // namespace albert
