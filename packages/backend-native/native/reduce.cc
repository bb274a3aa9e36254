// Reductions over trailing axes (rows) or leading axes (columns), and row softmax.
#include <algorithm>
#include <vector>

#include "common.h"
#include "eltwise.h"
#include "pool.h"
#include "rows.h"

namespace albert {
namespace {

// Must match src/kernels/reduce.ts.
enum Op { kSum = 0, kMean = 1, kMax = 2, kMin = 3 };

float rowExtreme(const float* x, int64_t n, bool isMax) {
  float m = x[0];
  for (int64_t i = 1; i < n; i++) {
    float v = x[i];
    if (v != v) return v;
    m = isMax ? (v > m ? v : m) : (v < m ? v : m);
  }
  return m;
}

ALBERT_VECTORIZE
void colAccumulate(const float* x, int64_t rows, int64_t inner, int64_t j0, int64_t j1, float* out, int op) {
  int64_t n = j1 - j0;
  if (op == kSum || op == kMean) {
    std::fill(out + j0, out + j1, 0.0f);
    for (int64_t i = 0; i < rows; i++) {
      const float* r = x + i * inner + j0;
      float* o = out + j0;
      for (int64_t j = 0; j < n; j++) o[j] += r[j];
    }
    if (op == kMean) {
      float inv = 1.0f / static_cast<float>(rows);
      for (int64_t j = j0; j < j1; j++) out[j] *= inv;
    }
  } else {
    const bool isMax = op == kMax;
    std::copy(x + j0, x + j1, out + j0);
    for (int64_t i = 1; i < rows; i++) {
      const float* r = x + i * inner + j0;
      float* o = out + j0;
      for (int64_t j = 0; j < n; j++) {
        float v = r[j];
        o[j] = (v != v || o[j] != o[j]) ? v + o[j] : (isMax ? (v > o[j] ? v : o[j]) : (v < o[j] ? v : o[j]));
      }
    }
  }
}

// reduce(heap, params): op mode(0 rows, 1 columns) xOff outOff outer inner
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  Params p(info[1], 6);
  int op = static_cast<int>(p[0]);
  int mode = static_cast<int>(p[1]);
  if (op < kSum || op > kMin || (mode != 0 && mode != 1)) throw Napi::RangeError::New(env, "albert-native: bad reduce");
  int64_t outer = checkedCount(env, p[4], "outer"), inner = checkedCount(env, p[5], "inner");
  if (outer == 0 || inner == 0) throw Napi::RangeError::New(env, "albert-native: empty reduction");
  const float* x = heap.at<float>(env, p[2], static_cast<double>(outer * inner), "x");
  ThreadPool& pool = ThreadPool::instance();
  if (mode == 0) {
    float* out = heap.at<float>(env, p[3], static_cast<double>(outer), "out");
    pool.parallelFor(outer, std::max<int64_t>(1, 32768 / inner), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; r++) {
        const float* row = x + r * inner;
        if (op == kSum || op == kMean) {
          float s = rowSum(row, inner);
          out[r] = op == kMean ? s / static_cast<float>(inner) : s;
        } else {
          out[r] = rowExtreme(row, inner, op == kMax);
        }
      }
    });
  } else {
    float* out = heap.at<float>(env, p[3], static_cast<double>(inner), "out");
    int64_t grain = std::max<int64_t>(64, 32768 / outer);
    pool.parallelFor(inner, grain, [&](int64_t b, int64_t e) { colAccumulate(x, outer, inner, b, e, out, op); });
  }
  return env.Undefined();
}

ALBERT_VECTORIZE
void expShifted(const float* x, float* y, int64_t n, float m) {
  for (int64_t i = 0; i < n; i++) y[i] = expApprox(x[i] - m);
}

ALBERT_VECTORIZE
void scale(float* y, int64_t n, float s) {
  for (int64_t i = 0; i < n; i++) y[i] *= s;
}

void softmaxRow(const float* x, float* y, int64_t n) {
  float m = rowMax(x, n);
  expShifted(x, y, n, m);
  scale(y, n, 1.0f / rowSum(y, n));
}

// softmax(heap, params): xOff yOff rows cols (over the last axis)
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  Params p(info[1], 4);
  int64_t rows = checkedCount(env, p[2], "rows"), cols = checkedCount(env, p[3], "cols");
  if (rows == 0 || cols == 0) return env.Undefined();
  const float* x = heap.at<float>(env, p[0], static_cast<double>(rows * cols), "logits");
  float* y = heap.at<float>(env, p[1], static_cast<double>(rows * cols), "out");
  ThreadPool::instance().parallelFor(rows, std::max<int64_t>(1, 16384 / cols), [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; r++) softmaxRow(x + r * cols, y + r * cols, cols);
  });
  return env.Undefined();
}

}  // namespace

void RegisterReduce(Napi::Env env, Napi::Object exports) {
  exports.Set("reduce", Napi::Function::New(env, Reduce));
  exports.Set("softmax", Napi::Function::New(env, Softmax));
}

}  // namespace albert
