// LayerNorm over the last axis (biased variance, eps inside the square root, as torch) and
// its gradient. Rows are split over the pool; the gradient's gamma/beta sums use one partial
// buffer per part, added up at the end in a fixed order (deterministic).
#include <algorithm>
#include <vector>

#include "args.h"
#include "common.h"
#include "cpu.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {


// layerNorm(heap, params: LayerNormArg) -> y = LN(x + residual); mean/rstd/residual < 0: none
Napi::Value LayerNorm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = LayerNormArg;
  Params p(info[1], A::kCount);
  int64_t rows = checkedCount(env, p[A::kRows], "rows"), cols = checkedCount(env, p[A::kCols], "cols");
  if (rows == 0 || cols == 0) return env.Undefined();
  const float* x = heap.at<float>(env, p[A::kX], static_cast<double>(rows * cols), "x");
  const float* g = heap.at<float>(env, p[A::kGamma], static_cast<double>(cols), "gamma");
  const float* b = heap.at<float>(env, p[A::kBeta], static_cast<double>(cols), "beta");
  float* y = heap.at<float>(env, p[A::kY], static_cast<double>(rows * cols), "y");
  float* mean = p[A::kMean] >= 0 ? heap.at<float>(env, p[A::kMean], static_cast<double>(rows), "mean") : nullptr;
  float* rstd = p[A::kRstd] >= 0 ? heap.at<float>(env, p[A::kRstd], static_cast<double>(rows), "rstd") : nullptr;
  const float* res =
      p[A::kResidual] >= 0 ? heap.at<float>(env, p[A::kResidual], static_cast<double>(rows * cols), "residual") : nullptr;
  float eps = static_cast<float>(p[A::kEps]);
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(rows, std::max<int64_t>(1, 16384 / cols), [&](int64_t s, int64_t e) {
    for (int64_t r = s; r < e; r++) {
      kt.layerNormRow(x + r * cols, res ? res + r * cols : nullptr, g, b, y + r * cols, cols, eps, mean ? mean + r : nullptr,
            rstd ? rstd + r : nullptr);
    }
  });
  return env.Undefined();
}


// layerNormGrad(heap, params: LayerNormGradArg); residual < 0: none (its gradient equals dx)
Napi::Value LayerNormGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = LayerNormGradArg;
  Params p(info[1], A::kCount);
  int64_t rows = checkedCount(env, p[A::kRows], "rows"), cols = checkedCount(env, p[A::kCols], "cols");
  if (cols == 0) return env.Undefined();
  double rc = static_cast<double>(rows * cols);
  const float* dy = heap.at<float>(env, p[A::kDy], rc, "dy");
  const float* x = heap.at<float>(env, p[A::kX], rc, "x");
  const float* g = heap.at<float>(env, p[A::kGamma], static_cast<double>(cols), "gamma");
  const float* mean = heap.at<float>(env, p[A::kMean], static_cast<double>(rows), "mean");
  const float* rstd = heap.at<float>(env, p[A::kRstd], static_cast<double>(rows), "rstd");
  float* dx = heap.at<float>(env, p[A::kDx], rc, "dx");
  float* dg = heap.at<float>(env, p[A::kDgamma], static_cast<double>(cols), "dgamma");
  float* db = heap.at<float>(env, p[A::kDbeta], static_cast<double>(cols), "dbeta");
  const float* res = p[A::kResidual] >= 0 ? heap.at<float>(env, p[A::kResidual], rc, "residual") : nullptr;
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
