// Fused multi-head attention: per (batch, head), scores = scale·Q·Kᵀ + mask, softmax, context =
// P·V, with Q/K/V read in place from [B, S, H]-layout rows (no head transposes) and the
// context written the same way. The (batch, head) units are split over the pool; each runs
// single-threaded BLAS on an S×S block that stays in cache. The gradient recomputes nothing:
// it takes the probabilities the forward stored.
#include <algorithm>
#include <vector>

#include "blas.h"
#include "args.h"
#include "common.h"
#include "cpu.h"
#include "eltwise.h"
#include "pool.h"

namespace albert {
namespace {

thread_local std::vector<float> scratch;

float* scratchOf(int64_t n) {
  if (static_cast<int64_t>(scratch.size()) < n) scratch.resize(static_cast<size_t>(n));
  return scratch.data();
}




void maskedSoftmaxRow(const KernelTable& kt, float* row, const float* mask, int64_t n) {
  if (mask) kt.addRow(row, mask, n);
  float m = kt.rowMax(row, n);
  kt.expShifted(row, row, n, m);
  kt.scaleRow(row, n, 1.0f / kt.rowSum(row, n));
}


struct Dims {
  int64_t B, Sq, Sk, nh, d, qRow, kRow, vRow, cRow;
};

// A: AttentionArg or AttentionGradArg (the same dimension fields).
template <typename A>
Dims readDims(Napi::Env env, const Params& p) {
  Dims D;
  D.B = checkedCount(env, p[A::kBatch], "batch");
  D.Sq = checkedCount(env, p[A::kSeqQ], "query length");
  D.Sk = checkedCount(env, p[A::kSeqK], "key length");
  D.nh = checkedCount(env, p[A::kHeads], "heads");
  D.d = checkedCount(env, p[A::kHeadSize], "head size");
  D.qRow = checkedCount(env, p[A::kQRow], "q row");
  D.kRow = checkedCount(env, p[A::kKRow], "k row");
  D.vRow = checkedCount(env, p[A::kVRow], "v row");
  D.cRow = checkedCount(env, p[A::kContextRow], "context row");
  if (D.nh * D.d > std::min({D.qRow, D.kRow, D.vRow, D.cRow})) {
    throw Napi::RangeError::New(env, "albert-native: heads x head size exceed a row");
  }
  return D;
}

// attention(heap, params: AttentionArg); mask/probs < 0: none
Napi::Value Attention(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = AttentionArg;
  Params p(info[1], A::kCount);
  Dims D = readDims<A>(env, p);
  if (D.B == 0 || D.Sq == 0 || D.nh == 0 || D.d == 0) return env.Undefined();
  if (D.Sk == 0) throw Napi::RangeError::New(env, "albert-native: attention over zero keys");
  const float* q = heap.at<float>(env, p[A::kQ], static_cast<double>(D.B * D.Sq * D.qRow), "query");
  const float* k = heap.at<float>(env, p[A::kK], static_cast<double>(D.B * D.Sk * D.kRow), "key");
  const float* v = heap.at<float>(env, p[A::kV], static_cast<double>(D.B * D.Sk * D.vRow), "value");
  const float* mask =
      p[A::kMask] >= 0 ? heap.at<float>(env, p[A::kMask], static_cast<double>(D.B * D.Sk), "mask") : nullptr;
  float* ctx = heap.at<float>(env, p[A::kContext], static_cast<double>(D.B * D.Sq * D.cRow), "context");
  float* probs = p[A::kProbs] >= 0
                     ? heap.at<float>(env, p[A::kProbs], static_cast<double>(D.B * D.nh * D.Sq * D.Sk), "probs")
                     : nullptr;
  const float scale = static_cast<float>(p[A::kScale]);
  const int Sq = static_cast<int>(D.Sq), Sk = static_cast<int>(D.Sk), d = static_cast<int>(D.d);
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(D.B * D.nh, 1, [&](int64_t s, int64_t e) {
    for (int64_t u = s; u < e; u++) {
      int64_t b = u / D.nh, h = u % D.nh;
      float* P = probs ? probs + u * D.Sq * D.Sk : scratchOf(D.Sq * D.Sk);
      const float* Q = q + b * D.Sq * D.qRow + h * D.d;
      const float* K = k + b * D.Sk * D.kRow + h * D.d;
      const float* V = v + b * D.Sk * D.vRow + h * D.d;
      sgemm(false, true, Sq, Sk, d, scale, Q, static_cast<int>(D.qRow), K,
                  static_cast<int>(D.kRow), 0.0f, P, Sk);
      const float* mrow = mask ? mask + b * D.Sk : nullptr;
      for (int64_t i = 0; i < D.Sq; i++) maskedSoftmaxRow(kt, P + i * D.Sk, mrow, D.Sk);
      sgemm(false, false, Sq, d, Sk, 1.0f, P, Sk, V, static_cast<int>(D.vRow), 0.0f,
                  ctx + b * D.Sq * D.cRow + h * D.d, static_cast<int>(D.cRow));
    }
  });
  return env.Undefined();
}

// attentionGrad(heap, params: AttentionGradArg); dq/dk/dv rows are gradRow apart
Napi::Value AttentionGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = AttentionGradArg;
  Params p(info[1], A::kCount);
  Dims D = readDims<A>(env, p);
  int64_t dRow = checkedCount(env, p[A::kGradRow], "grad row");
  if (D.nh * D.d > dRow) throw Napi::RangeError::New(env, "albert-native: heads x head size exceed a row");
  if (D.B == 0 || D.Sq == 0 || D.Sk == 0 || D.nh == 0 || D.d == 0) return env.Undefined();
  const float* dctx = heap.at<float>(env, p[A::kDContext], static_cast<double>(D.B * D.Sq * D.cRow), "dcontext");
  const float* q = heap.at<float>(env, p[A::kQ], static_cast<double>(D.B * D.Sq * D.qRow), "query");
  const float* k = heap.at<float>(env, p[A::kK], static_cast<double>(D.B * D.Sk * D.kRow), "key");
  const float* v = heap.at<float>(env, p[A::kV], static_cast<double>(D.B * D.Sk * D.vRow), "value");
  const float* probs = heap.at<float>(env, p[A::kProbs], static_cast<double>(D.B * D.nh * D.Sq * D.Sk), "probs");
  float* dq = heap.at<float>(env, p[A::kDq], static_cast<double>(D.B * D.Sq * dRow), "dquery");
  float* dk = heap.at<float>(env, p[A::kDk], static_cast<double>(D.B * D.Sk * dRow), "dkey");
  float* dv = heap.at<float>(env, p[A::kDv], static_cast<double>(D.B * D.Sk * dRow), "dvalue");
  const float scale = static_cast<float>(p[A::kScale]);
  const int Sq = static_cast<int>(D.Sq), Sk = static_cast<int>(D.Sk), d = static_cast<int>(D.d);
  const int ld = static_cast<int>(dRow);
  const KernelTable& kt = kernels();
  ThreadPool::instance().parallelFor(D.B * D.nh, 1, [&](int64_t s, int64_t e) {
    for (int64_t u = s; u < e; u++) {
      int64_t b = u / D.nh, h = u % D.nh;
      const float* P = probs + u * D.Sq * D.Sk;
      const float* dC = dctx + b * D.Sq * D.cRow + h * D.d;
      const float* Q = q + b * D.Sq * D.qRow + h * D.d;
      const float* K = k + b * D.Sk * D.kRow + h * D.d;
      const float* V = v + b * D.Sk * D.vRow + h * D.d;
      float* dP = scratchOf(D.Sq * D.Sk);
      sgemm(false, true, Sq, Sk, d, 1.0f, dC, static_cast<int>(D.cRow), V,
                  static_cast<int>(D.vRow), 0.0f, dP, Sk);
      sgemm(true, false, Sk, d, Sq, 1.0f, P, Sk, dC, static_cast<int>(D.cRow), 0.0f,
                  dv + b * D.Sk * dRow + h * D.d, ld);
      for (int64_t i = 0; i < D.Sq; i++) kt.softmaxBackRow(dP + i * D.Sk, P + i * D.Sk, D.Sk);
      sgemm(false, false, Sq, d, Sk, scale, dP, Sk, K, static_cast<int>(D.kRow),
                  0.0f, dq + b * D.Sq * dRow + h * D.d, ld);
      sgemm(true, false, Sk, d, Sq, scale, dP, Sk, Q, static_cast<int>(D.qRow), 0.0f,
                  dk + b * D.Sk * dRow + h * D.d, ld);
    }
  });
  return env.Undefined();
}

}  // namespace

void RegisterAttention(Napi::Env env, Napi::Object exports) {
  exports.Set("attention", Napi::Function::New(env, Attention));
  exports.Set("attentionGrad", Napi::Function::New(env, AttentionGrad));
}

}  // namespace albert
