// Operation codes shared by the N-API wrappers and the per-CPU loops (no N-API here: this
// header is also compiled into the AVX-512 and AVX2 translation units). The op codes (kUnary*,
// kBinary*, kReduce*, kAct*, …) are part of the JS ↔ C++ contract and are defined, with the
// parameter blocks, in args.h, generated from src/kernels/args.ts.
#pragma once

#include "args.h"

namespace albert {

// AdamW's per-step constants (see adamw.cc for the update they define).
struct AdamWConsts {
  float c1, b1, omb1, b2, omb2, sqrtBc2, eps, stepScale;
};

}  // namespace albert
