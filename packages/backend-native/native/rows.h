// Row reductions written with independent lanes so that they vectorize without -ffast-math.
#pragma once

#include <cstdint>

#include "common.h"

namespace albert {

constexpr int kLanes = 16;

ALBERT_VECTORIZE
inline float rowSum(const float* x, int64_t n) {
  float acc[kLanes] = {0};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int l = 0; l < kLanes; l++) acc[l] += x[i + l];
  }
  float s = 0.0f;
  for (; i < n; i++) s += x[i];
  for (int l = 0; l < kLanes; l++) s += acc[l];
  return s;
}

ALBERT_VECTORIZE
inline float rowMax(const float* x, int64_t n) {
  float acc[kLanes];
  for (int l = 0; l < kLanes; l++) acc[l] = x[0];
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int l = 0; l < kLanes; l++) acc[l] = x[i + l] > acc[l] ? x[i + l] : acc[l];
  }
  float m = x[0];
  for (; i < n; i++) m = x[i] > m ? x[i] : m;
  for (int l = 0; l < kLanes; l++) m = acc[l] > m ? acc[l] : m;
  return m;
}

}  // namespace albert
