// One AdamW step in one pass over w, g, m, v (instead of ~12 element-wise kernels), with the
// operation order of @albert-ts/training's AdamW so results match it in float32:
//   w1 = w·c1;  m' = m·b1 + g·(1−b1);  v' = v·b2 + g²·(1−b2)
//   w' = w1 − (m' / (√v' / √bc2 + eps)) · (lr / bc1)
#include "args.h"
#include "common.h"
#include "cpu.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

// adamw(heap, params: AdamwArg)
Napi::Value AdamW(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = AdamwArg;
  Params p(info[1], A::kCount);
  int64_t n = checkedCount(env, p[A::kSize], "size");
  const double cn = static_cast<double>(n);
  const float* w = heap.at<float>(env, p[A::kW], cn, "w");
  const float* g = heap.at<float>(env, p[A::kG], cn, "g");
  const float* m = heap.at<float>(env, p[A::kM], cn, "m");
  const float* v = heap.at<float>(env, p[A::kV], cn, "v");
  float* wo = heap.at<float>(env, p[A::kWOut], cn, "w out");
  float* mo = heap.at<float>(env, p[A::kMOut], cn, "m out");
  float* vo = heap.at<float>(env, p[A::kVOut], cn, "v out");
  auto f = [&](int i) { return static_cast<float>(p[i]); };
  AdamWConsts k{f(A::kC1),           f(A::kBeta1),   f(A::kOneMinusBeta1), f(A::kBeta2),
                f(A::kOneMinusBeta2), f(A::kSqrtBc2), f(A::kEpsilon),       f(A::kStepScale)};
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(n, 16384, [&](int64_t b, int64_t e) {
    kt.adamw(w + b, g + b, m + b, v + b, wo + b, mo + b, vo + b, e - b, k);
  });
  return env.Undefined();
}

}  // namespace

void RegisterAdamW(Napi::Env env, Napi::Object exports) { exports.Set("adamw", Napi::Function::New(env, AdamW)); }

}  // namespace albert
