// LayerNorm over the last axis (biased variance, eps inside the square root, as torch) and
// its gradient. Rows are split over the pool; the gradient's gamma/beta sums use one partial
// buffer per part, added up at the end in a fixed order (deterministic).
#include <algorithm>
#include <vector>

#include "common.h"
#include "cpu.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {


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
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(rows, std::max<int64_t>(1, 16384 / cols), [&](int64_t s, int64_t e) {
    for (int64_t r = s; r < e; r++) {
      kt.layerNormRow(x + r * cols, res ? res + r * cols : nullptr, g, b, y + r * cols, cols, eps, mean ? mean + r : nullptr,
            rstd ? rstd + r : nullptr);
    }
  });
  return env.Undefined();
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
      kernels().layerNormGradRows(dy, x, res, g, mean, rstd, dx, pg, pg + cols, rows * part / parts, rows * (part + 1) / parts, cols);
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
