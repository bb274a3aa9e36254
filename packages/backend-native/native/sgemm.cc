#include "blas.h"

#include "cpu.h"

#include <cstdlib>

#if defined(ALBERT_ACCELERATE)
#include <Accelerate/Accelerate.h>
#define ALBERT_SYSTEM_BLAS 1
#elif defined(ALBERT_OPENBLAS)
#include <cblas.h>
#define ALBERT_SYSTEM_BLAS 1
#endif

namespace albert {

void sgemm(bool tA, bool tB, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
           const float* B, int64_t ldb, float beta, float* C, int64_t ldc, const float* bias) {
#if defined(ALBERT_SYSTEM_BLAS)
  if (M <= 0 || N <= 0) return;
  if (bias) {
    // A system BLAS has no epilogue: C ← beta·C + bias first, then accumulate into it.
    for (int64_t i = 0; i < M; i++) {
      float* c = C + i * ldc;
      for (int64_t j = 0; j < N; j++) c[j] = (beta == 0.0f ? 0.0f : beta * c[j]) + bias[j];
    }
    beta = 1.0f;
  }
  cblas_sgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, static_cast<int>(M),
              static_cast<int>(N), static_cast<int>(K), alpha, A, static_cast<int>(lda), B, static_cast<int>(ldb), beta,
              C, static_cast<int>(ldc));
#else
  kernels().sgemm(tA, tB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, bias);
#endif
}

void sgemmFused(bool tA, bool tB, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
                const float* B, int64_t ldb, float beta, float* C, int64_t ldc, const float* bias, int act,
                float actC, const float* pre, int64_t npad, int64_t pn0) {
#if defined(ALBERT_SYSTEM_BLAS)
  if (pre) std::abort();  // packedBSupported() is false: callers never pass one
  (void)npad;
  (void)pn0;
  sgemm(tA, tB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, bias);
  if (act != 0) {
    for (int64_t i = 0; i < M; i++) kernels().epilogueRow(C + i * ldc, nullptr, N, act, actC);
  }
#else
  kernels().sgemmFused(tA, tB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc, bias, act, actC, pre, npad, pn0);
#endif
}

bool packedBSupported() {
#if defined(ALBERT_SYSTEM_BLAS)
  return false;
#else
  return true;
#endif
}

void packBPanels(bool tB, const float* B, int64_t ldb, int64_t K, int64_t N, int64_t p0, int64_t p1, float* dst) {
  kernels().packBPanels(tB, B, ldb, K, N, p0, p1, dst);
}

const char* blasName() {
#if defined(ALBERT_ACCELERATE)
  return "accelerate";
#elif defined(ALBERT_OPENBLAS)
  return "openblas";
#else
  return "builtin";
#endif
}

std::string blasConfig() {
#if defined(ALBERT_ACCELERATE)
  return "Accelerate";
#elif defined(ALBERT_OPENBLAS)
  return openblas_get_config();
#else
  CacheSizes c = cacheSizes();
  return std::string("albert packed sgemm (") + kernels().path + "; L1d " + std::to_string(c.l1d >> 10) + " KiB, L2 " +
         std::to_string(c.l2 >> 10) + " KiB)";
#endif
}

void setBlasThreads(int n) {
#if defined(ALBERT_OPENBLAS)
  openblas_set_num_threads(n);
#else
  (void)n;
#endif
}

}  // namespace albert
