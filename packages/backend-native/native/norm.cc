// LayerNorm over the last axis (biased variance, eps inside the square root, as torch) and
// its gradient. Rows are split over the pool; the gradient's gamma/beta sums use one partial
// buffer per part, added up at the end in a fixed order (deterministic).
#include <algorithm>
#include <vector>

#include "common.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

constexpr int kLanes = 16;

// y = LN(x (+ r)) for one row; with a residual the sum goes through y (written first).
ALBERT_VECTORIZE
void lnRow(const float* x0, const float* r, const float* g, const float* b, float* y, int64_t n, float eps,
           float* meanOut, float* rstdOut) {
  const float* x = x0;
  if (r) {
    for (int64_t j = 0; j < n; j++) y[j] = x0[j] + r[j];
    x = y;
  }
  float acc[kLanes] = {0};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int l = 0; l < kLanes; l++) acc[l] += x[i + l];
  float s = 0.0f;
  for (; i < n; i++) s += x[i];
  for (int l = 0; l < kLanes; l++) s += acc[l];
  const float mean = s / static_cast<float>(n);
  float vacc[kLanes] = {0};
  i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int l = 0; l < kLanes; l++) {
      float d = x[i + l] - mean;
      vacc[l] += d * d;
    }
  float v = 0.0f;
  for (; i < n; i++) v += (x[i] - mean) * (x[i] - mean);
  for (int l = 0; l < kLanes; l++) v += vacc[l];
  const float rstd = 1.0f / std::sqrt(v / static_cast<float>(n) + eps);
  for (int64_t j = 0; j < n; j++) y[j] = (x[j] - mean) * rstd * g[j] + b[j];
  if (meanOut) *meanOut = mean;
  if (rstdOut) *rstdOut = rstd;
}

// layerNorm(heap, params): xOff gOff bOff yOff meanOff rstdOff rows cols eps residualOff
// (meanOff/rstdOff/residualOff < 0: none) -> y = LN(x + residual)
Napi::Value LayerNorm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  Params p(info[1], 10);
  int64_t rows = checkedCount(env, p[6], "rows"), cols = checkedCount(env, p[7], "cols");
  if (rows == 0 || cols == 0) return env.Undefined();
  const float* x = heap.at<float>(env, p[0], static_cast<double>(rows * cols), "x");
  const float* g = heap.at<float>(env, p[1], static_cast<double>(cols), "gamma");
  const float* b = heap.at<float>(env, p[2], static_cast<double>(cols), "beta");
  float* y = heap.at<float>(env, p[3], static_cast<double>(rows * cols), "y");
  float* mean = p[4] >= 0 ? heap.at<float>(env, p[4], static_cast<double>(rows), "mean") : nullptr;
  float* rstd = p[5] >= 0 ? heap.at<float>(env, p[5], static_cast<double>(rows), "rstd") : nullptr;
  const float* res = p[9] >= 0 ? heap.at<float>(env, p[9], static_cast<double>(rows * cols), "residual") : nullptr;
  float eps = static_cast<float>(p[8]);
  ThreadPool::instance().parallelFor(rows, std::max<int64_t>(1, 16384 / cols), [&](int64_t s, int64_t e) {
    for (int64_t r = s; r < e; r++) {
      lnRow(x + r * cols, res ? res + r * cols : nullptr, g, b, y + r * cols, cols, eps, mean ? mean + r : nullptr,
            rstd ? rstd + r : nullptr);
    }
  });
  return env.Undefined();
}

ALBERT_VECTORIZE
void lnGradRows(const float* dy, const float* x, const float* res, const float* g, const float* mean,
                const float* rstd, float* dx, float* dg, float* db, int64_t r0, int64_t r1, int64_t n) {
  const float invN = 1.0f / static_cast<float>(n);
  for (int64_t r = r0; r < r1; r++) {
    const float* dyr = dy + r * n;
    float* dxr = dx + r * n;
    const float* xr = x + r * n;
    if (res) {  // the normalised input was x + residual: rebuild it in dx, overwritten below
      const float* rr = res + r * n;
      for (int64_t j = 0; j < n; j++) dxr[j] = xr[j] + rr[j];
      xr = dxr;
    }
    const float m = mean[r], rs = rstd[r];
    float s1 = 0.0f, s2 = 0.0f;  // sum(dxhat), sum(dxhat * xhat)
    for (int64_t j = 0; j < n; j++) {
      float xh = (xr[j] - m) * rs;
      float dxh = dyr[j] * g[j];
      s1 += dxh;
      s2 += dxh * xh;
      dg[j] += dyr[j] * xh;
      db[j] += dyr[j];
    }
    s1 *= invN;
    s2 *= invN;
    for (int64_t j = 0; j < n; j++) {
      float xh = (xr[j] - m) * rs;  // xr may alias dxr: read before the write, same index
      dxr[j] = rs * (dyr[j] * g[j] - s1 - xh * s2);
    }
  }
}

// layerNormGrad(heap, params): dyOff xOff gOff meanOff rstdOff dxOff dgOff dbOff rows cols residualOff
// (the gradient w.r.t. the residual equals dx)
Napi::Value LayerNormGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  Params p(info[1], 11);
  int64_t rows = checkedCount(env, p[8], "rows"), cols = checkedCount(env, p[9], "cols");
  if (cols == 0) return env.Undefined();
  double rc = static_cast<double>(rows * cols);
  const float* dy = heap.at<float>(env, p[0], rc, "dy");
  const float* x = heap.at<float>(env, p[1], rc, "x");
  const float* g = heap.at<float>(env, p[2], static_cast<double>(cols), "gamma");
  const float* mean = heap.at<float>(env, p[3], static_cast<double>(rows), "mean");
  const float* rstd = heap.at<float>(env, p[4], static_cast<double>(rows), "rstd");
  float* dx = heap.at<float>(env, p[5], rc, "dx");
  float* dg = heap.at<float>(env, p[6], static_cast<double>(cols), "dgamma");
  float* db = heap.at<float>(env, p[7], static_cast<double>(cols), "dbeta");
  const float* res = p[10] >= 0 ? heap.at<float>(env, p[10], rc, "residual") : nullptr;
  ThreadPool& pool = ThreadPool::instance();
  int64_t parts = std::min<int64_t>(pool.size(), std::max<int64_t>(1, rows * cols / 16384));
  parts = std::max<int64_t>(1, std::min(parts, rows));
  std::vector<float> partial(static_cast<size_t>(parts * 2 * cols), 0.0f);
  pool.parallelFor(parts, 1, [&](int64_t s, int64_t e) {
    for (int64_t part = s; part < e; part++) {
      float* pg = partial.data() + part * 2 * cols;
      lnGradRows(dy, x, res, g, mean, rstd, dx, pg, pg + cols, rows * part / parts, rows * (part + 1) / parts, cols);
    }
  });
  std::fill(dg, dg + cols, 0.0f);
  std::fill(db, db + cols, 0.0f);
  for (int64_t part = 0; part < parts; part++) {
    const float* pg = partial.data() + part * 2 * cols;
    for (int64_t j = 0; j < cols; j++) {
      dg[j] += pg[j];
      db[j] += pg[cols + j];
    }
  }
  return env.Undefined();
}

}  // namespace

void RegisterNorm(Napi::Env env, Napi::Object exports) {
  exports.Set("layerNorm", Napi::Function::New(env, LayerNorm));
  exports.Set("layerNormGrad", Napi::Function::New(env, LayerNormGrad));
}

}  // namespace albert
