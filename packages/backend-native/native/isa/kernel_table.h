// The per-CPU kernel table. Every hot loop of the addon is compiled three times on x86-64
// (isa/avx512.cc, isa/avx2.cc, isa/baseline.cc; on arm64 only the NEON baseline) and the table
// of the fastest path this CPU supports is chosen once, at load (cpu.cc). Nothing here includes
// N-API: the AVX translation units must not instantiate any inline function that the rest of
// the addon might share, or the linker could hand an AVX-512 copy to a baseline caller.
#pragma once

#include <cstddef>
#include <cstdint>

#include "../ops.h"

namespace albert {

struct KernelTable {
  const char* path;  // "avx512", "avx2", "baseline", "neon"
  // Row-major C = alpha·op(A)·op(B) + beta·C for one matrix, single-threaded (callers split
  // the work over the pool). beta = 0 never reads C.
  // bias (may be null) is added to every row of C in the tile's store, not in a pass of its own.
  void (*sgemm)(bool tA, bool tB, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
                const float* B, int64_t ldb, float beta, float* C, int64_t ldc, const float* bias);
  float (*rowSum)(const float* x, int64_t n);
  float (*rowMax)(const float* x, int64_t n);
  // y = exp(x − m); y may be x.
  void (*expShifted)(const float* x, float* y, int64_t n, float m);
  void (*addRow)(float* row, const float* v, int64_t n);
  void (*scaleRow)(float* row, int64_t n, float s);
  float (*sumExpShifted)(const float* x, int64_t n, float m);
  void (*scaledSoftmax)(const float* x, float* dx, int64_t n, float lse, float scale);
  void (*softmaxBackRow)(float* dp, const float* p, int64_t n);
  void (*layerNormRow)(const float* x, const float* residual, const float* gamma, const float* beta, float* y,
                       int64_t n, float eps, float* meanOut, float* rstdOut);
  void (*layerNormGradRows)(const float* dy, const float* x, const float* residual, const float* gamma,
                            const float* mean, const float* rstd, float* dx, float* dgamma, float* dbeta, int64_t r0,
                            int64_t r1, int64_t n);
  void (*colAccumulate)(const float* x, int64_t rows, int64_t inner, int64_t j0, int64_t j1, float* out, int op);
  void (*unary)(int op, const float* x, float* y, int64_t n, float c);
  void (*geluGrad)(bool erfKind, const float* dy, const float* x, float* dx, int64_t n, float c);
  void (*binaryInner)(int op, const float* a, int64_t sa, const float* b, int64_t sb, float* o, int64_t n);
  void (*adamw)(const float* w, const float* g, const float* m, const float* v, float* wo, float* mo, float* vo,
                int64_t n, const AdamWConsts& k);
  // Rank-1 bias (may be null) and a simple activation (not prelu) over one row.
  void (*epilogueRow)(float* row, const float* bias, int64_t n, int act, float alpha);
  // sgemm plus: `act` (kAct code, not prelu; alpha/actC as epilogueRow's) applied to each tile as
  // the last k block stores it, and B's panels taken from a pre-packed whole B (`pre`, npad
  // columns wide, this call's column 0 at its column pn0, a multiple of gemmNR) when pre is set.
  void (*sgemmFused)(bool tA, bool tB, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
                     const float* B, int64_t ldb, float beta, float* C, int64_t ldc, const float* bias, int act,
                     float actC, const float* pre, int64_t npad, int64_t pn0);
  // Packs micro-panels [p0, p1) of op(B) (K × N) into the pre-packed layout: K · npad floats,
  // npad = N rounded up to gemmNR. The layout belongs to this table (its blocking and NR).
  void (*packBPanels)(bool tB, const float* B, int64_t ldb, int64_t K, int64_t N, int64_t p0, int64_t p1, float* dst);
  int gemmNR;  // the GEMM tile's width in floats
};

// Data cache sizes in bytes (from the OS; sensible defaults when it does not say), for the
// GEMM's blocking.
struct CacheSizes {
  size_t l1d, l2;
};
CacheSizes cacheSizes();

// The tables compiled into this binary; null where the compiler or target has no such path.
const KernelTable* avx512Table();
const KernelTable* avx2Table();
const KernelTable& baselineTable();

}  // namespace albert
