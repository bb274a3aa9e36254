// Batched sgemm on the wasm heap with tfjs's BatchMatMul / _FusedMatMul semantics:
// C[b] = act(op(A[ia(b)]) · op(B[ib(b)]) + bias), row-major, op = transpose or not.
#include <algorithm>
#include <cmath>
#include <vector>

#include "blas.h"
#include "args.h"
#include "common.h"
#include "cpu.h"
#include "gemm.h"
#include "pool.h"

namespace albert {

namespace {

// How a bias / prelu-weight tensor broadcasts against C [batch, M, N]: enum Bcast (kNone,
// kVecN, kScalar, kMatMN, kFull, kVecM) in args.h.

struct Operand {
  const float* p = nullptr;
  int mode = kNone;
  float at(int64_t b, int64_t i, int64_t j, int64_t M, int64_t N) const {
    switch (mode) {
      case kVecN:
        return p[j];
      case kScalar:
        return p[0];
      case kMatMN:
        return p[i * N + j];
      case kFull:
        return p[(b * M + i) * N + j];
      case kVecM:
        return p[i];
      default:
        return 0.0f;
    }
  }
};

int64_t operandCount(int mode, int64_t batch, int64_t M, int64_t N) {
  switch (mode) {
    case kVecN:
      return N;
    case kScalar:
      return 1;
    case kMatMN:
      return M * N;
    case kFull:
      return batch * M * N;
    case kVecM:
      return M;
    default:
      return 0;
  }
}

struct Job {
  const float* A;
  const float* B;
  float* C;
  int64_t batch, M, N, K;
  bool tA, tB;
  std::vector<int64_t> aBase, bBase;
  Operand bias, prelu;
  int act;
  float alpha;
  int split;  // 0 whole matrices, 1 rows, 2 columns
  int parts;
};


// Adds the bias (unless already accumulated) and applies the activation to a block of C.
void epilogue(const Job& g, int64_t b, int64_t i0, int64_t i1, int64_t j0, int64_t j1, bool biasDone) {
  const bool addBias = g.bias.mode != kNone && !biasDone;
  if (!addBias && g.act == kActLinear) return;
  float* C = g.C + b * g.M * g.N;
  bool simple = (!addBias || g.bias.mode == kVecN) && g.act != kActPrelu;
  for (int64_t i = i0; i < i1; i++) {
    float* row = C + i * g.N;
    if (simple) {
      kernels().epilogueRow(row + j0, addBias ? g.bias.p + j0 : nullptr, j1 - j0, g.act, g.alpha);
      continue;
    }
    for (int64_t j = j0; j < j1; j++) {
      float v = row[j] + (addBias ? g.bias.at(b, i, j, g.M, g.N) : 0.0f);
      switch (g.act) {
        case kActRelu:
          v = v > 0.0f ? v : (v != v ? v : 0.0f);
          break;
        case kActRelu6:
          v = v != v ? v : (v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v));
          break;
        case kActPrelu:
          v = v < 0.0f ? g.prelu.at(b, i, j, g.M, g.N) * v : v;
          break;
        case kActLeakyRelu:
          v = v < 0.0f ? g.alpha * v : v;
          break;
        case kActSigmoid:
          v = 1.0f / (1.0f + std::exp(-v));
          break;
        case kActElu:
          v = v > 0.0f ? v : std::expm1(v);
          break;
        default:
          break;
      }
      row[j] = v;
    }
  }
}

void runBlock(const Job& g, int64_t b, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
  if (i1 <= i0 || j1 <= j0) return;
  float* C = g.C + b * g.M * g.N;
  // A row-vector bias is added by the GEMM as it stores each tile: no pass of its own over C.
  const float* rowBias = g.bias.mode == kVecN ? g.bias.p + j0 : nullptr;
  const float* A = g.A + g.aBase[b] + (g.tA ? i0 : i0 * g.K);
  const float* B = g.B + g.bBase[b] + (g.tB ? j0 * g.K : j0);
  sgemm(g.tA, g.tB, i1 - i0, j1 - j0, g.K, 1.0f, A, g.tA ? g.M : g.K, B, g.tB ? g.K : g.N, 0.0f, C + i0 * g.N + j0,
        g.N, rowBias);
  epilogue(g, b, i0, i1, j0, j1, rowBias != nullptr);
}

void runUnit(const Job& g, int64_t u) {
  int64_t b = u / g.parts, part = u % g.parts;
  if (g.split == 1) {
    runBlock(g, b, g.M * part / g.parts, g.M * (part + 1) / g.parts, 0, g.N);
  } else if (g.split == 2) {
    runBlock(g, b, 0, g.M, g.N * part / g.parts, g.N * (part + 1) / g.parts);
  } else {
    runBlock(g, b, 0, g.M, 0, g.N);
  }
}

std::vector<int64_t> batchBases(Napi::Env env, const Napi::Value& idx, int64_t batch, int64_t stride,
                                int64_t count, int64_t matSize, const char* what) {
  std::vector<int64_t> base(static_cast<size_t>(batch));
  if (idx.IsTypedArray()) {
    auto arr = idx.As<Napi::Int32Array>();
    if (arr.TypedArrayType() != napi_int32_array || static_cast<int64_t>(arr.ElementLength()) != batch) {
      throw Napi::RangeError::New(env, std::string("albert-native: bad batch index array for ") + what);
    }
    for (int64_t b = 0; b < batch; b++) {
      int64_t k = arr[static_cast<size_t>(b)];
      if (k < 0 || k >= count) throw Napi::RangeError::New(env, std::string("albert-native: batch index of ") + what);
      base[b] = k * matSize;
    }
  } else {
    for (int64_t b = 0; b < batch; b++) base[b] = b * stride;
  }
  return base;
}

}  // namespace

// gemm(heap, params: GemmArg, aIndex?: Int32Array, bIndex?: Int32Array) (offsets in bytes,
// strides in elements; aCount/bCount = number of matrices stored in A/B)
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = GemmArg;
  Params p(info[1], A::kCount);
  Job g;
  g.batch = checkedCount(env, p[A::kBatch], "batch");
  g.M = checkedCount(env, p[A::kM], "M");
  g.N = checkedCount(env, p[A::kN], "N");
  g.K = checkedCount(env, p[A::kK], "K");
  g.tA = p[A::kTransA] != 0;
  g.tB = p[A::kTransB] != 0;
  int64_t aStride = checkedCount(env, p[A::kAStride], "aStride"), bStride = checkedCount(env, p[A::kBStride], "bStride");
  int64_t aCount = checkedCount(env, p[A::kACount], "aCount"), bCount = checkedCount(env, p[A::kBCount], "bCount");
  if (g.M > INT32_MAX || g.N > INT32_MAX || g.K > INT32_MAX) {
    throw Napi::RangeError::New(env, "albert-native: matrix dimension exceeds int32");
  }
  int64_t matA = g.M * g.K, matB = g.K * g.N, matC = g.M * g.N;
  if (aStride != 0 && aStride != matA) throw Napi::RangeError::New(env, "albert-native: bad aStride");
  if (bStride != 0 && bStride != matB) throw Napi::RangeError::New(env, "albert-native: bad bStride");
  g.A = heap.at<float>(env, p[A::kA], static_cast<double>(aCount * matA), "a");
  g.B = heap.at<float>(env, p[A::kB], static_cast<double>(bCount * matB), "b");
  g.C = heap.at<float>(env, p[A::kC], static_cast<double>(g.batch * matC), "out");
  g.aBase = batchBases(env, info[2], g.batch, aStride, aCount, matA, "a");
  g.bBase = batchBases(env, info[3], g.batch, bStride, bCount, matB, "b");
  for (int64_t b = 0; b < g.batch; b++) {
    if (g.aBase[b] + matA > aCount * matA || g.bBase[b] + matB > bCount * matB) {
      throw Napi::RangeError::New(env, "albert-native: batch stride runs past an operand");
    }
  }
  g.bias.mode = static_cast<int>(p[A::kBiasMode]);
  if (g.bias.mode != kNone) {
    g.bias.p =
        heap.at<float>(env, p[A::kBias], static_cast<double>(operandCount(g.bias.mode, g.batch, g.M, g.N)), "bias");
  }
  g.act = static_cast<int>(p[A::kAct]);
  if (g.act < 0 || g.act > kActLast) throw Napi::RangeError::New(env, "albert-native: bad activation");
  g.alpha = static_cast<float>(p[A::kAlpha]);
  g.prelu.mode = static_cast<int>(p[A::kPreluMode]);
  if (g.act == kActPrelu) {
    if (g.prelu.mode == kNone) throw Napi::RangeError::New(env, "albert-native: prelu needs weights");
    g.prelu.p =
        heap.at<float>(env, p[A::kPrelu], static_cast<double>(operandCount(g.prelu.mode, g.batch, g.M, g.N)), "prelu");
  }
  if (g.batch == 0 || matC == 0) return env.Undefined();

  ThreadPool& pool = ThreadPool::instance();
  int T = pool.size();
  double flops = 2.0 * static_cast<double>(g.batch) * g.M * g.N * g.K;
  g.split = 0;
  g.parts = 1;
  if (T > 1 && flops >= 2.0e5 && g.batch % T != 0 && g.batch < 4 * T) {
    // Too few matrices to share out evenly: cut each one along its longer side.
    int64_t longer = std::max(g.M, g.N);
    if (longer >= 32) {
      g.split = g.M >= g.N ? 1 : 2;
      g.parts = T;
    }
  }
  int64_t units = g.batch * g.parts;
  if (T == 1 || flops < 2.0e5 || units == 1) {
    for (int64_t u = 0; u < units; u++) runUnit(g, u);
  } else {
    pool.parallelFor(units, 1, [&](int64_t begin, int64_t end) {
      for (int64_t u = begin; u < end; u++) runUnit(g, u);
    });
  }
  return env.Undefined();
}

}  // namespace albert
