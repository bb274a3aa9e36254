// The kernel table every CPU of the architecture runs: SSE2 on x86-64 (no FMA: multiply then
// add), NEON on arm64 (FMA is part of the base ISA), plain floats elsewhere. Compiled with the
// addon's default flags, so it is also what the rest of the addon's code assumes.
#include "prelude.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#include <emmintrin.h>
#elif defined(__aarch64__) || defined(_M_ARM64)
#include <arm_neon.h>
#endif

namespace albert {
namespace isa_baseline {

#if defined(__x86_64__) || defined(_M_X64)
struct Vec {
  using T = __m128;
  static constexpr int W = 4;
  static T zero() { return _mm_setzero_ps(); }
  static T load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, T v) { _mm_storeu_ps(p, v); }
  static T set1(float x) { return _mm_set1_ps(x); }
  static T mul(T a, T b) { return _mm_mul_ps(a, b); }
  static T add(T a, T b) { return _mm_add_ps(a, b); }
  static T fma(T a, T b, T c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }
};
constexpr int kMR = 6, kNV = 2;  // 12 accumulators of 16 xmm
#define ALBERT_ISA_PATH "baseline"
// out[c·os + r] = in[r·is + c] for a 4 × 4 block.
constexpr int kTransposeTile = 4;
inline void transposeTile(const float* in, int64_t is, float* out, int64_t os) {
  __m128 r0 = _mm_loadu_ps(in), r1 = _mm_loadu_ps(in + is), r2 = _mm_loadu_ps(in + 2 * is), r3 = _mm_loadu_ps(in + 3 * is);
  _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
  _mm_storeu_ps(out, r0);
  _mm_storeu_ps(out + os, r1);
  _mm_storeu_ps(out + 2 * os, r2);
  _mm_storeu_ps(out + 3 * os, r3);
}
#elif defined(__aarch64__) || defined(_M_ARM64)
struct Vec {
  using T = float32x4_t;
  static constexpr int W = 4;
  static T zero() { return vdupq_n_f32(0.0f); }
  static T load(const float* p) { return vld1q_f32(p); }
  static void store(float* p, T v) { vst1q_f32(p, v); }
  static T set1(float x) { return vdupq_n_f32(x); }
  static T mul(T a, T b) { return vmulq_f32(a, b); }
  static T add(T a, T b) { return vaddq_f32(a, b); }
  static T fma(T a, T b, T c) { return vfmaq_f32(c, a, b); }
};
constexpr int kMR = 8, kNV = 3;  // 24 accumulators of 32 q registers
#define ALBERT_ISA_PATH "neon"
constexpr int kTransposeTile = 0;
inline void transposeTile(const float*, int64_t, float*, int64_t) {}
#else
struct Vec {
  using T = float;
  static constexpr int W = 1;
  static T zero() { return 0.0f; }
  static T load(const float* p) { return *p; }
  static void store(float* p, T v) { *p = v; }
  static T set1(float x) { return x; }
  static T mul(T a, T b) { return a * b; }
  static T add(T a, T b) { return a + b; }
  static T fma(T a, T b, T c) { return a * b + c; }
};
constexpr int kMR = 4, kNV = 4;
#define ALBERT_ISA_PATH "baseline"
constexpr int kTransposeTile = 0;
inline void transposeTile(const float*, int64_t, float*, int64_t) {}
#endif

#include "unit.inc"

}  // namespace isa_baseline

const KernelTable& baselineTable() { return isa_baseline::kTable; }

}  // namespace albert
