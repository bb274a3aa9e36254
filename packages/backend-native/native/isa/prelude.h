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
