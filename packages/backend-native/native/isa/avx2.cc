// The kernel table for AVX2 + FMA: 8-float vectors, a 6 × 16 GEMM tile (12 ymm accumulators of 16).
#include "prelude.h"

#if defined(ALBERT_X86_GNU)
#include <immintrin.h>

ALBERT_TARGET_BEGIN("avx2,fma")
namespace albert {
namespace isa_avx2 {

ALBERT_X86_VEC(__m256, 8, _mm256);
constexpr int kMR = 6, kNV = 2;
#define ALBERT_ISA_PATH "avx2"
#include "transpose8.inc"
#include "unit.inc"

}  // namespace isa_avx2
}  // namespace albert
ALBERT_TARGET_END()

const albert::KernelTable* albert::avx2Table() { return &isa_avx2::kTable; }
#else
const albert::KernelTable* albert::avx2Table() { return nullptr; }
#endif
