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
  bool tileAct;            // the activation is applied by the GEMM's tile store
  const float* packed;     // B pre-packed by packB (one matrix for every batch), or null
  int64_t npad;
};

// A pre-packed B: a 16-float header (what it was packed for), then the panels from the next
// 64-byte boundary. The header lets gemm refuse a buffer packed for other sizes or another
// kernel table (whose blocking and tile width give another layout).
constexpr int kPackHeader = 16;
constexpr int32_t kPackMagic = 0x41504231;  // "APB1"

int64_t packedFloats(int64_t K, int64_t N) {
  const int64_t nr = kernels().gemmNR;
  return K * ((N + nr - 1) / nr * nr) + kPackHeader + 16;
}

struct PackView {
  int32_t* header;
  float* data;
};

PackView packView(Napi::Env env, const Napi::Value& v, int64_t K, int64_t N) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw Napi::TypeError::New(env, "albert-native: packed B must be a Float32Array");
  }
  auto a = v.As<Napi::Float32Array>();
  if (static_cast<int64_t>(a.ElementLength()) < packedFloats(K, N)) {
    throw Napi::RangeError::New(env, "albert-native: packed B buffer too small");
  }
  float* base = a.Data();
  auto* data = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(base + kPackHeader) + 63) & ~uintptr_t{63});
  return {reinterpret_cast<int32_t*>(base), data};
}

void writeHeader(int32_t* h, int64_t K, int64_t N, bool tB) {
  h[0] = kPackMagic;
  h[1] = static_cast<int32_t>(K);
  h[2] = static_cast<int32_t>(N);
  h[3] = kernels().gemmNR;
  h[4] = static_cast<int32_t>(reinterpret_cast<uintptr_t>(&kernels()) & 0x7fffffff);
  h[5] = tB ? 1 : 0;
}

bool headerMatches(const int32_t* h, int64_t K, int64_t N) {
  return h[0] == kPackMagic && h[1] == K && h[2] == N && h[3] == kernels().gemmNR &&
         h[4] == static_cast<int32_t>(reinterpret_cast<uintptr_t>(&kernels()) & 0x7fffffff);
}


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
    if (g.act != kActPrelu) {
      // A broadcast bias element by element, then the row's activation (GELU included).
      for (int64_t j = j0; j < j1; j++) row[j] += addBias ? g.bias.at(b, i, j, g.M, g.N) : 0.0f;
      kernels().epilogueRow(row + j0, nullptr, j1 - j0, g.act, g.alpha);
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
  sgemmFused(g.tA, g.tB, i1 - i0, j1 - j0, g.K, 1.0f, A, g.tA ? g.M : g.K, B, g.tB ? g.K : g.N, 0.0f,
             C + i0 * g.N + j0, g.N, rowBias, g.tileAct ? g.act : kActLinear, g.alpha, g.packed, g.npad, j0);
  if (!g.tileAct) epilogue(g, b, i0, i1, j0, j1, rowBias != nullptr);
}

// Column `part` of `parts` equal shares of N; with a pre-packed B the cuts fall on its panels.
int64_t columnCut(const Job& g, int64_t part) {
  int64_t j = g.N * part / g.parts;
  if (g.packed && part < g.parts) {
    const int64_t nr = kernels().gemmNR;
    j = (j + nr / 2) / nr * nr;
  }
  return std::min(j, g.N);
}

void runUnit(const Job& g, int64_t u) {
  int64_t b = u / g.parts, part = u % g.parts;
  if (g.split == 1) {
    runBlock(g, b, g.M * part / g.parts, g.M * (part + 1) / g.parts, 0, g.N);
  } else if (g.split == 2) {
    runBlock(g, b, 0, g.M, columnCut(g, part), columnCut(g, part + 1));
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

// packedBLength(k, n) -> floats a packB output needs (0: this build's GEMM takes no packed B).
Napi::Value PackedBLength(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t K = checkedCount(env, info[0].ToNumber().DoubleValue(), "k");
  int64_t N = checkedCount(env, info[1].ToNumber().DoubleValue(), "n");
  if (!packedBSupported()) return Napi::Number::New(env, 0);
  return Napi::Number::New(env, static_cast<double>(packedFloats(K, N)));
}

// packB(heap, params: PackBArg, out: Float32Array): op(B) packed once for many gemm calls.
Napi::Value PackB(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Heap heap(info[0]);
  using A = PackBArg;
  Params p(info[1], A::kCount);
  if (!packedBSupported()) throw Napi::Error::New(env, "albert-native: this build's GEMM takes no packed B");
  int64_t K = checkedCount(env, p[A::kK], "k"), N = checkedCount(env, p[A::kN], "n");
  if (K > INT32_MAX || N > INT32_MAX) throw Napi::RangeError::New(env, "albert-native: matrix dimension exceeds int32");
  bool tB = p[A::kTransB] != 0;
  const float* B = heap.at<float>(env, p[A::kB], static_cast<double>(K * N), "b");
  PackView pv = packView(env, info[2], K, N);
  const int64_t nr = kernels().gemmNR, panels = (N + nr - 1) / nr;
  const int64_t ldb = tB ? K : N;
  auto packRange = [&](int64_t p0, int64_t p1) { packBPanels(tB, B, ldb, K, N, p0, p1, pv.data); };
  ThreadPool& pool = ThreadPool::instance();
  if (pool.size() == 1 || K * N < (int64_t{1} << 16)) {
    packRange(0, panels);
  } else {
    pool.parallelFor(panels, 4, packRange);
  }
  writeHeader(pv.header, K, N, tB);
  return env.Undefined();
}

// gemm(heap, params: GemmArg, aIndex?, bIndex?, packed?: Float32Array from packB of this B)
// (offsets in bytes,
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
  // GELU (our code, not tfjs's) and every other simple activation run in the tile store; a
  // bias other than a row vector, or prelu's weights, need the epilogue's pass after the GEMM.
  g.tileAct = g.act != kActLinear && g.act != kActPrelu && (g.bias.mode == kNone || g.bias.mode == kVecN);
  g.packed = nullptr;
  g.npad = 0;
  if (info.Length() > 4 && !info[4].IsUndefined() && !info[4].IsNull()) {
    if (!packedBSupported()) throw Napi::Error::New(env, "albert-native: this build's GEMM takes no packed B");
    PackView pv = packView(env, info[4], g.K, g.N);
    if (!headerMatches(pv.header, g.K, g.N)) {
      throw Napi::RangeError::New(env, "albert-native: packed B was packed for other sizes or another CPU path");
    }
    if (g.tB != (pv.header[5] != 0) || bCount != 1) {
      throw Napi::RangeError::New(env, "albert-native: packed B was packed for another transpose or batch");
    }
    g.packed = pv.data;
    const int64_t nr = kernels().gemmNR;
    g.npad = (g.N + nr - 1) / nr * nr;
  }
  if (g.batch == 0 || matC == 0) return env.Undefined();

  ThreadPool& pool = ThreadPool::instance();
  int T = pool.size();
  double flops = 2.0 * static_cast<double>(g.batch) * g.M * g.N * g.K;
  g.split = 0;
  g.parts = 1;
  if (T > 1 && flops >= 2.0e5 && g.batch % T != 0 && g.batch < 4 * T) {
    // Too few matrices to share out evenly: cut each one along its longer side. With B
    // pre-packed, rows: every thread then packs only its own rows of A and reads B as it is.
    int64_t longer = std::max(g.M, g.N);
    if (longer >= 32) {
      g.split = (g.packed ? g.M >= 64 * T : g.M >= g.N) ? 1 : 2;
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
