// The kernel table for AVX2 + FMA: 8-float vectors, a 6 × 16 GEMM tile
// (12 ymm accumulators of 16).
#include "prelude.h"

#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif

namespace albert {
namespace isa_avx2 {

struct Vec {
  using T = __m256;
  static constexpr int W = 8;
  static T zero() { return _mm256_setzero_ps(); }
  static T load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, T v) { _mm256_storeu_ps(p, v); }
  static T set1(float x) { return _mm256_set1_ps(x); }
  static T mul(T a, T b) { return _mm256_mul_ps(a, b); }
  static T fma(T a, T b, T c) { return _mm256_fmadd_ps(a, b, c); }
};
constexpr int kMR = 6, kNV = 2;
#define ALBERT_ISA_PATH "avx2"

#include "transpose8.inc"
#include "math.inc"
#include "loops.inc"
#include "sgemm.inc"
#include "table.inc"

}  // namespace isa_avx2
}  // namespace albert

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

const albert::KernelTable* albert::avx2Table() { return &isa_avx2::kTable; }
#else
const albert::KernelTable* albert::avx2Table() { return nullptr; }
#endif
