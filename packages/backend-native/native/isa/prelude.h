// Included by each isa/*.cc before its target options take effect: headers compiled under
// AVX flags would give their inline functions AVX bodies the rest of the addon might link to.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "kernel_table.h"

#if defined(_MSC_VER) && !defined(__clang__)
#include <cmath>
#define ALBERT_SQRTF(x) std::sqrt(x)
#define ALBERT_LOGF(x) std::log(x)
#define ALBERT_FABSF(x) std::fabs(x)
#define ALBERT_RESTRICT __restrict
#define ALBERT_INFF HUGE_VALF
#else
#define ALBERT_SQRTF(x) __builtin_sqrtf(x)
#define ALBERT_LOGF(x) __builtin_logf(x)
#define ALBERT_FABSF(x) __builtin_fabsf(x)
#define ALBERT_RESTRICT __restrict__
#define ALBERT_INFF __builtin_huge_valf()
#endif

#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__))
#define ALBERT_X86_GNU 1
#define ALBERT_PRAGMA(x) _Pragma(#x)
// Every function defined between BEGIN and END is compiled for `isa` (e.g. "avx2,fma").
#if defined(__clang__)
#define ALBERT_TARGET_BEGIN(isa) ALBERT_PRAGMA(clang attribute push(__attribute__((target(isa))), apply_to = function))
#define ALBERT_TARGET_END() ALBERT_PRAGMA(clang attribute pop)
#else
#define ALBERT_TARGET_BEGIN(isa) ALBERT_PRAGMA(GCC push_options) ALBERT_PRAGMA(GCC target(isa))
#define ALBERT_TARGET_END() ALBERT_PRAGMA(GCC pop_options)
#endif
// The GEMM's vector traits for one x86 register width: T the register type, W its floats,
// P the intrinsics' prefix (_mm256, _mm512).
#define ALBERT_X86_VEC(TYPE, WIDTH, P)                                   \
  struct Vec {                                                           \
    using T = TYPE;                                                      \
    static constexpr int W = WIDTH;                                      \
    static T zero() { return P##_setzero_ps(); }                         \
    static T load(const float* p) { return P##_loadu_ps(p); }            \
    static void store(float* p, T v) { P##_storeu_ps(p, v); }            \
    static T set1(float x) { return P##_set1_ps(x); }                    \
    static T mul(T a, T b) { return P##_mul_ps(a, b); }                  \
    static T add(T a, T b) { return P##_add_ps(a, b); }                  \
    static T fma(T a, T b, T c) { return P##_fmadd_ps(a, b, c); }        \
  }
#endif
