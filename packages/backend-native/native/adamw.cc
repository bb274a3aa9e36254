// One AdamW step in one pass over w, g, m, v (instead of ~12 element-wise kernels), with the
// operation order of @albert-ts/training's AdamW so results match it in float32:
//   w1 = w·c1;  m' = m·b1 + g·(1−b1);  v' = v·b2 + g²·(1−b2)
//   w' = w1 − (m' / (√v' / √bc2 + eps)) · (lr / bc1)
#include "common.h"
#include "cpu.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

// adamw(heap, params): wOff gOff mOff vOff wOutOff mOutOff vOutOff n c1 b1 omb1 b2 omb2 sqrtBc2 eps stepScale
Napi::Value AdamW(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  Params p(info[1], 16);
  int64_t n = checkedCount(env, p[7], "size");
  const double cn = static_cast<double>(n);
  const float* w = heap.at<float>(env, p[0], cn, "w");
  const float* g = heap.at<float>(env, p[1], cn, "g");
  const float* m = heap.at<float>(env, p[2], cn, "m");
  const float* v = heap.at<float>(env, p[3], cn, "v");
  float* wo = heap.at<float>(env, p[4], cn, "w out");
  float* mo = heap.at<float>(env, p[5], cn, "m out");
  float* vo = heap.at<float>(env, p[6], cn, "v out");
  AdamWConsts k{static_cast<float>(p[8]),  static_cast<float>(p[9]),  static_cast<float>(p[10]), static_cast<float>(p[11]),
           static_cast<float>(p[12]), static_cast<float>(p[13]), static_cast<float>(p[14]), static_cast<float>(p[15])};
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(n, 16384, [&](int64_t b, int64_t e) {
    kt.adamw(w + b, g + b, m + b, v + b, wo + b, mo + b, vo + b, e - b, k);
  });
  return env.Undefined();
}

}  // namespace

void RegisterAdamW(Napi::Env env, Napi::Object exports) { exports.Set("adamw", Napi::Function::New(env, AdamW)); }

}  // namespace albert
