// Operation codes shared by the N-API wrappers and the per-CPU loops (no N-API here: this
// header is also compiled into the AVX-512 and AVX2 translation units). The numbers are part
// of the JS ↔ C++ contract: src/kernels/*.ts sends them.
#pragma once

namespace albert {

enum UnaryOp {
  kUnarySigmoid = 0,
  kUnaryTanh = 1,
  kUnaryExp = 2,
  kUnaryErf = 3,
  kUnaryRsqrt = 4,
  kUnarySqrt = 5,
  kUnarySquare = 6,
  kUnaryNeg = 7,
  kUnaryLog = 8,
  kUnaryAbs = 9,
  kUnaryRelu = 10,
  kUnaryReciprocal = 11,
  kUnaryGeluTanh = 12,  // x·sigmoid(2c(x + 0.044715x³)) == 0.5x(1 + tanh(c(x + 0.044715x³)))
  kUnaryGeluErf = 13,   // 0.5x(1 + erf(x/√2))
  kUnaryLast = 13,
};

enum BinaryOp {
  kBinaryAdd = 0,
  kBinarySub = 1,
  kBinaryMul = 2,
  kBinaryDiv = 3,
  kBinarySquaredDiff = 4,
  kBinaryMax = 5,
  kBinaryMin = 6,
  kBinaryLast = 6,
};

enum ReduceOp { kReduceSum = 0, kReduceMean = 1, kReduceMax = 2, kReduceMin = 3 };

// Activations of the fused matmul epilogue (tfjs's _FusedMatMul activation names).
enum Activation { kActLinear = 0, kActRelu = 1, kActRelu6 = 2, kActPrelu = 3, kActLeakyRelu = 4, kActSigmoid = 5, kActElu = 6 };

// AdamW's per-step constants (see adamw.cc for the update they define).
struct AdamWConsts {
  float c1, b1, omb1, b2, omb2, sqrtBc2, eps, stepScale;
};

}  // namespace albert
