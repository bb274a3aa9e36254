// One AdamW step in one pass over w, g, m, v (instead of ~12 element-wise kernels), with the
// operation order of @albert-ts/training's AdamW so results match it in float32:
//   w1 = w·c1;  m' = m·b1 + g·(1−b1);  v' = v·b2 + g²·(1−b2)
//   w' = w1 − (m' / (√v' / √bc2 + eps)) · (lr / bc1)
#include "common.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

struct Consts {
  float c1, b1, omb1, b2, omb2, sqrtBc2, eps, stepScale;
};

ALBERT_VECTORIZE
void adamwRun(const float* w, const float* g, const float* m, const float* v, float* wo, float* mo, float* vo,
              int64_t n, Consts k) {
  for (int64_t i = 0; i < n; i++) {
    float w1 = w[i] * k.c1;
    float gi = g[i];
    float m1 = m[i] * k.b1 + gi * k.omb1;
    float v1 = v[i] * k.b2 + (gi * gi) * k.omb2;
    float den = std::sqrt(v1) / k.sqrtBc2 + k.eps;
    wo[i] = w1 - (m1 / den) * k.stepScale;
    mo[i] = m1;
    vo[i] = v1;
  }
}

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
  Consts k{static_cast<float>(p[8]),  static_cast<float>(p[9]),  static_cast<float>(p[10]), static_cast<float>(p[11]),
           static_cast<float>(p[12]), static_cast<float>(p[13]), static_cast<float>(p[14]), static_cast<float>(p[15])};
  ThreadPool::instance().parallelFor(n, 16384, [&](int64_t b, int64_t e) {
    adamwRun(w + b, g + b, m + b, v + b, wo + b, mo + b, vo + b, e - b, k);
  });
  return env.Undefined();
}

}  // namespace

void RegisterAdamW(Napi::Env env, Napi::Object exports) { exports.Set("adamw", Napi::Function::New(env, AdamW)); }

}  // namespace albert
