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

// "builtin", "openblas" or "accelerate".
const char* blasName();
std::string blasConfig();
// A system BLAS's own threads: 1 while our pool owns the cores, T for sgemmBench's floor.
void setBlasThreads(int n);

}  // namespace albert
