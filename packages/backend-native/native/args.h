// GENERATED from src/kernels/args.ts by scripts/gen-native-args.mjs (run by `pnpm build`):
// do not edit. The layout of each addon entry's Float64Array parameter block and the op
// codes the kernels read, the JS <-> C++ contract. No N-API here: the per-CPU translation
// units include it too (through ops.h).
#pragma once

namespace albert {

constexpr int kBinaryMaxDims = 8;
constexpr int kTransposeMaxDims = 6;

enum UnaryOp {
  kUnarySigmoid = 0, kUnaryTanh = 1, kUnaryExp = 2, kUnaryErf = 3, kUnaryRsqrt = 4, kUnarySqrt = 5,
  kUnarySquare = 6, kUnaryNeg = 7, kUnaryLog = 8, kUnaryAbs = 9, kUnaryRelu = 10,
  kUnaryReciprocal = 11, kUnaryGeluTanh = 12, kUnaryGeluErf = 13, kUnaryLast = 13
};

enum GeluKind {
  kGeluKindTanh = 0, kGeluKindErf = 1, kGeluKindLast = 1
};

enum BinaryOp {
  kBinaryAdd = 0, kBinarySub = 1, kBinaryMul = 2, kBinaryDiv = 3, kBinarySquaredDiff = 4,
  kBinaryMax = 5, kBinaryMin = 6, kBinaryLast = 6
};

enum ReduceOp {
  kReduceSum = 0, kReduceMean = 1, kReduceMax = 2, kReduceMin = 3, kReduceLast = 3
};

enum ReduceMode {
  kReduceModeRows = 0, kReduceModeColumns = 1, kReduceModeLast = 1
};

enum Activation {
  kActLinear = 0, kActRelu = 1, kActRelu6 = 2, kActPrelu = 3, kActLeakyRelu = 4, kActSigmoid = 5,
  kActElu = 6, kActGeluTanh = 7, kActGeluErf = 8, kActLast = 8
};

enum Bcast {
  kNone = 0, kVecN = 1, kScalar = 2, kMatMN = 3, kFull = 4, kVecM = 5
};

// gemm(heap, params)
struct GemmArg {
  enum : int {
    kA = 0, kB = 1, kC = 2, kBatch = 3, kM = 4, kN = 5, kK = 6, kTransA = 7, kTransB = 8,
    kAStride = 9, kBStride = 10, kACount = 11, kBCount = 12, kBias = 13, kBiasMode = 14, kAct = 15,
    kAlpha = 16, kPrelu = 17, kPreluMode = 18, kCount = 19
  };
};

// packB(heap, params)
struct PackBArg {
  enum : int {
    kB = 0, kK = 1, kN = 2, kTransB = 3, kCount = 4
  };
};

// unary(heap, params)
struct UnaryArg {
  enum : int {
    kOp = 0, kX = 1, kY = 2, kSize = 3, kC = 4, kCount = 5
  };
};

// geluGrad(heap, params)
struct GeluGradArg {
  enum : int {
    kKind = 0, kDy = 1, kX = 2, kDx = 3, kSize = 4, kC = 5, kCount = 6
  };
};

// binary(heap, params)
struct BinaryArg {
  enum : int {
    kOp = 0, kA = 1, kB = 2, kOut = 3, kRank = 4, kDims = 5, kAStrides = 13, kBStrides = 21,
    kCount = 29
  };
};

// reduce(heap, params)
struct ReduceArg {
  enum : int {
    kOp = 0, kMode = 1, kX = 2, kOut = 3, kOuter = 4, kInner = 5, kCount = 6
  };
};

// softmax(heap, params)
struct SoftmaxArg {
  enum : int {
    kX = 0, kY = 1, kRows = 2, kCols = 3, kCount = 4
  };
};

// transpose(heap, params)
struct TransposeArg {
  enum : int {
    kX = 0, kOut = 1, kRank = 2, kDims = 3, kPerm = 9, kCount = 15
  };
};

// gather(heap, params)
struct GatherArg {
  enum : int {
    kX = 0, kIndices = 1, kOut = 2, kOuter = 3, kNumIndices = 4, kAxisSize = 5, kInner = 6,
    kCount = 7
  };
};

// layerNorm(heap, params)
struct LayerNormArg {
  enum : int {
    kX = 0, kGamma = 1, kBeta = 2, kY = 3, kMean = 4, kRstd = 5, kRows = 6, kCols = 7, kEps = 8,
    kResidual = 9, kCount = 10
  };
};

// layerNormGrad(heap, params)
struct LayerNormGradArg {
  enum : int {
    kDy = 0, kX = 1, kGamma = 2, kMean = 3, kRstd = 4, kDx = 5, kDgamma = 6, kDbeta = 7, kRows = 8,
    kCols = 9, kResidual = 10, kCount = 11
  };
};

// attention(heap, params)
struct AttentionArg {
  enum : int {
    kQ = 0, kK = 1, kV = 2, kMask = 3, kContext = 4, kProbs = 5, kBatch = 6, kSeqQ = 7, kSeqK = 8,
    kHeads = 9, kHeadSize = 10, kQRow = 11, kKRow = 12, kVRow = 13, kContextRow = 14, kScale = 15,
    kCount = 16
  };
};

// attentionGrad(heap, params)
struct AttentionGradArg {
  enum : int {
    kDContext = 0, kQ = 1, kK = 2, kV = 3, kProbs = 4, kDq = 5, kDk = 6, kDv = 7, kBatch = 8,
    kSeqQ = 9, kSeqK = 10, kHeads = 11, kHeadSize = 12, kQRow = 13, kKRow = 14, kVRow = 15,
    kContextRow = 16, kGradRow = 17, kScale = 18, kCount = 19
  };
};

// adamw(heap, params)
struct AdamwArg {
  enum : int {
    kW = 0, kG = 1, kM = 2, kV = 3, kWOut = 4, kMOut = 5, kVOut = 6, kSize = 7, kC1 = 8, kBeta1 = 9,
    kOneMinusBeta1 = 10, kBeta2 = 11, kOneMinusBeta2 = 12, kSqrtBc2 = 13, kEpsilon = 14,
    kStepScale = 15, kCount = 16
  };
};

// xent(heap, params)
struct XentArg {
  enum : int {
    kLogits = 0, kLabels = 1, kLoss = 2, kLse = 3, kRows = 4, kCols = 5, kIgnoreIndex = 6,
    kCount = 7
  };
};

// xentGrad(heap, params)
struct XentGradArg {
  enum : int {
    kLogits = 0, kLabels = 1, kLse = 2, kDLogits = 3, kRows = 4, kCols = 5, kIgnoreIndex = 6,
    kDy = 7, kCount = 8
  };
};

}  // namespace albert
