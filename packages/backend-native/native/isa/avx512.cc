// The kernel table for AVX-512F (+ AVX2, FMA): 16-float vectors, a 12 × 32 GEMM tile
// (24 zmm accumulators of 32).
#include "prelude.h"

#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
#endif

namespace albert {
namespace isa_avx512 {

struct Vec {
  using T = __m512;
  static constexpr int W = 16;
  static T zero() { return _mm512_setzero_ps(); }
  static T load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, T v) { _mm512_storeu_ps(p, v); }
  static T set1(float x) { return _mm512_set1_ps(x); }
  static T mul(T a, T b) { return _mm512_mul_ps(a, b); }
  static T fma(T a, T b, T c) { return _mm512_fmadd_ps(a, b, c); }
};
constexpr int kMR = 12, kNV = 2;
#define ALBERT_ISA_PATH "avx512"

#include "transpose8.inc"
#include "math.inc"
#include "loops.inc"
#include "sgemm.inc"
#include "table.inc"

}  // namespace isa_avx512
}  // namespace albert

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

const albert::KernelTable* albert::avx512Table() { return &isa_avx512::kTable; }
#else
const albert::KernelTable* albert::avx512Table() { return nullptr; }
#endif
