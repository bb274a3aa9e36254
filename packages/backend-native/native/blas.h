// The GEMM every kernel calls: the builtin packed GEMM of the CPU path chosen at run time
// (default), or a system BLAS when the addon is built with ALBERT_BLAS=openblas|accelerate.
#pragma once

#include <cstdint>
#include <string>

namespace albert {

// Row-major C = alpha·op(A)·op(B) + beta·C (+ bias[j] on every row when bias is given),
// single-threaded: callers split over the pool.
void sgemm(bool tA, bool tB, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
           const float* B, int64_t ldb, float beta, float* C, int64_t ldc, const float* bias = nullptr);

// sgemm, then `act` (a kAct code other than prelu; actC as epilogueRow's alpha) over C; with
// `pre` set (builtin GEMM only), B's panels come from a packBPanels layout npad columns wide
// whose column pn0 is this call's first.
void sgemmFused(bool tA, bool tB, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
                const float* B, int64_t ldb, float beta, float* C, int64_t ldc, const float* bias, int act,
                float actC, const float* pre, int64_t npad, int64_t pn0);
// Whether sgemmFused takes a pre-packed B (the builtin GEMM; a system BLAS packs its own).
bool packedBSupported();
void packBPanels(bool tB, const float* B, int64_t ldb, int64_t K, int64_t N, int64_t p0, int64_t p1, float* dst);

// "builtin", "openblas" or "accelerate".
const char* blasName();
std::string blasConfig();
// A system BLAS's own threads: 1 while our pool owns the cores, T for sgemmBench's floor.
void setBlasThreads(int n);

}  // namespace albert
