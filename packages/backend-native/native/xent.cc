// Softmax cross-entropy with integer labels, fused (what torch's F.cross_entropy does):
// forward  lse_i = log Σ_j exp(x_ij), loss = mean over valid rows of (lse_i − x_i,label_i);
// backward dx_ij = dy / count · (exp(x_ij − lse_i) − [j = label_i]) on valid rows, 0 elsewhere.
// Rows whose label equals ignoreIndex are left out (HF's -100).
#include <algorithm>
#include <cmath>
#include <vector>

#include "args.h"
#include "common.h"
#include "cpu.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {



// Checks every label (before anything is written) and returns how many rows count. This is the
// one check of the labels' range (the TS kernel checks only shapes and dtypes, and names the
// kernel in this error): torch rejects a label outside [0, C) that is not ignoreIndex, and
// reading x[i, label] needs it in range.
int64_t countValidLabels(Napi::Env env, const int32_t* labels, int64_t rows, int64_t cols, int32_t ignore) {
  if (cols == 0) throw Napi::RangeError::New(env, "albert-native: cross-entropy over zero classes");
  int64_t count = 0;
  for (int64_t i = 0; i < rows; i++) {
    if (labels[i] == ignore) continue;
    if (labels[i] < 0 || labels[i] >= cols) {
      throw Napi::RangeError::New(env, "albert-native: label " + std::to_string(labels[i]) + " outside [0, " +
                                           std::to_string(cols) + ") at row " + std::to_string(i) +
                                           " (ignoreIndex " + std::to_string(ignore) + ")");
    }
    count++;
  }
  return count;
}

// Rows per pool task: about 16k logits each.
int64_t rowsPerTask(int64_t cols) { return std::max<int64_t>(1, 16384 / cols); }

// xent(heap, params: XentArg) -> the number of rows that count
Napi::Value Xent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = XentArg;
  Params p(info[1], A::kCount);
  int64_t rows = checkedCount(env, p[A::kRows], "rows"), cols = checkedCount(env, p[A::kCols], "classes");
  const int32_t ignore = static_cast<int32_t>(p[A::kIgnoreIndex]);
  const float* x = heap.at<float>(env, p[A::kLogits], static_cast<double>(rows * cols), "logits");
  const int32_t* labels = heap.at<int32_t>(env, p[A::kLabels], static_cast<double>(rows), "labels");
  float* loss = heap.at<float>(env, p[A::kLoss], 1, "loss");
  float* lse = heap.at<float>(env, p[A::kLse], static_cast<double>(rows), "lse");
  const int64_t count = countValidLabels(env, labels, rows, cols, ignore);
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(rows, rowsPerTask(cols), [&](int64_t s, int64_t e) {
    for (int64_t i = s; i < e; i++) {
      const float* xi = x + i * cols;
      const float m = kt.rowMax(xi, cols);
      lse[i] = m + std::log(kt.sumExpShifted(xi, cols, m));
    }
  });
  double total = 0.0;
  for (int64_t i = 0; i < rows; i++) {
    if (labels[i] != ignore) total += static_cast<double>(lse[i]) - static_cast<double>(x[i * cols + labels[i]]);
  }
  *loss = static_cast<float>(total / static_cast<double>(count));  // 0/0 = NaN with no valid row, as torch
  return Napi::Number::New(env, static_cast<double>(count));
}

// xentGrad(heap, params: XentGradArg)
Napi::Value XentGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = XentGradArg;
  Params p(info[1], A::kCount);
  int64_t rows = checkedCount(env, p[A::kRows], "rows"), cols = checkedCount(env, p[A::kCols], "classes");
  const int32_t ignore = static_cast<int32_t>(p[A::kIgnoreIndex]);
  const float* x = heap.at<float>(env, p[A::kLogits], static_cast<double>(rows * cols), "logits");
  const int32_t* labels = heap.at<int32_t>(env, p[A::kLabels], static_cast<double>(rows), "labels");
  const float* lse = heap.at<float>(env, p[A::kLse], static_cast<double>(rows), "lse");
  float* dx = heap.at<float>(env, p[A::kDLogits], static_cast<double>(rows * cols), "dlogits");
  const int64_t count = countValidLabels(env, labels, rows, cols, ignore);
  const float scale = static_cast<float>(p[A::kDy] / static_cast<double>(count));
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(rows, rowsPerTask(cols), [&](int64_t s, int64_t e) {
    for (int64_t i = s; i < e; i++) {
      float* di = dx + i * cols;
      if (labels[i] == ignore) {
        std::fill(di, di + cols, 0.0f);
        continue;
      }
      kt.scaledSoftmax(x + i * cols, di, cols, lse[i], scale);
      di[labels[i]] -= scale;
    }
  });
  return env.Undefined();
}

}  // namespace

void RegisterXent(Napi::Env env, Napi::Object exports) {
  exports.Set("xent", Napi::Function::New(env, Xent));
  exports.Set("xentGrad", Napi::Function::New(env, XentGrad));
}

}  // namespace albert
