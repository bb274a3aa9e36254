// Shared helpers: typed, bounds-checked views into the wasm heap, and the parameter block.
//
// Every kernel receives the wasm backend's heap (an ArrayBuffer, possibly replaced when wasm
// memory grows, so it is passed on every call) and byte offsets into it. Offsets and extents
// are checked against the heap length before any pointer is formed: a wrong call throws a JS
// RangeError instead of touching memory it does not own.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#if (defined(__x86_64__) || defined(_M_X64)) && defined(__GNUC__) && !defined(__APPLE__)
// Hot loops are compiled for AVX-512, AVX2 and baseline; the loader picks one at run time, so a
// binary built here (or restored from turbo's cache) still runs on an older x86-64.
#define ALBERT_VECTORIZE __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define ALBERT_VECTORIZE
#endif

namespace albert {

class Heap {
 public:
  // Accepts the heap as an ArrayBuffer or as a Uint8Array over it (emscripten's HEAPU8; a
  // typed array also covers a SharedArrayBuffer-backed heap).
  explicit Heap(const Napi::Value& v) {
    if (v.IsTypedArray()) {
      auto ta = v.As<Napi::TypedArray>();
      if (ta.TypedArrayType() != napi_uint8_array) {
        throw Napi::TypeError::New(v.Env(), "albert-native: heap must be a Uint8Array or ArrayBuffer");
      }
      auto u8 = v.As<Napi::Uint8Array>();
      base_ = u8.Data();
      bytes_ = u8.ByteLength();
    } else if (v.IsArrayBuffer()) {
      auto ab = v.As<Napi::ArrayBuffer>();
      base_ = static_cast<uint8_t*>(ab.Data());
      bytes_ = ab.ByteLength();
    } else {
      throw Napi::TypeError::New(v.Env(), "albert-native: heap must be a Uint8Array or ArrayBuffer");
    }
  }

  template <typename T>
  T* at(Napi::Env env, double offset, double count, const char* what) const {
    if (!(offset >= 0) || !(count >= 0) || std::fmod(offset, 1.0) != 0 || std::fmod(count, 1.0) != 0) {
      throw Napi::RangeError::New(env, std::string("albert-native: bad offset/size for ") + what);
    }
    double end = offset + count * sizeof(T);
    if (end > static_cast<double>(bytes_)) {
      throw Napi::RangeError::New(env, std::string("albert-native: ") + what + " extends past the wasm heap (" +
                                           std::to_string(static_cast<uint64_t>(end)) + " > " +
                                           std::to_string(bytes_) + " bytes)");
    }
    if (static_cast<uint64_t>(offset) % alignof(T) != 0) {
      throw Napi::RangeError::New(env, std::string("albert-native: misaligned ") + what);
    }
    return reinterpret_cast<T*>(base_ + static_cast<uint64_t>(offset));
  }

 private:
  uint8_t* base_ = nullptr;
  size_t bytes_ = 0;
};

// Numbers of a call, passed as one Float64Array (cheaper than many napi_values).
class Params {
 public:
  Params(const Napi::Value& v, size_t need) {
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
      throw Napi::TypeError::New(v.Env(), "albert-native: params must be a Float64Array");
    }
    auto a = v.As<Napi::Float64Array>();
    if (a.ElementLength() < need) throw Napi::RangeError::New(v.Env(), "albert-native: too few params");
    p_ = a.Data();
  }
  double operator[](size_t i) const { return p_[i]; }
  int64_t i(size_t k) const { return static_cast<int64_t>(p_[k]); }

 private:
  const double* p_;
};

inline int64_t checkedCount(Napi::Env env, double v, const char* what) {
  if (!(v >= 0) || v > 9.0e15 || std::fmod(v, 1.0) != 0) {
    throw Napi::RangeError::New(env, std::string("albert-native: bad ") + what);
  }
  return static_cast<int64_t>(v);
}

// ---- scalar math that vectorizes (no libm calls in the loops) ------------------------------

inline float bitsToFloat(int32_t i) {
  float f;
  std::memcpy(&f, &i, 4);
  return f;
}
inline int32_t floatToBits(float f) {
  int32_t i;
  std::memcpy(&i, &f, 4);
  return i;
}

// exp(x) with ~2 ulp error, vectorizable: +Inf above 88.72 and exactly 0 below -87.4 (expf
// would give denormals down to -103), NaN stays NaN.
inline float expApprox(float x) {
  float xc = x < -87.4f ? -87.4f : (x > 88.7f ? 88.7f : x);
  // Round to nearest with the 1.5·2^23 trick (valid for |v| < 2^22; no libm call).
  const float magic = 12582912.0f;
  float nf = (xc * 1.44269504088896341f + magic) - magic;
  float r = xc - nf * 0.693359375f;
  r = r + nf * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  // 2^n as two factors so that n = 128 (x near 88.7) does not overflow the exponent field.
  int32_t n = static_cast<int32_t>(nf);
  int32_t n1 = n >> 1;
  int32_t n2 = n - n1;
  float y = p * bitsToFloat((n1 + 127) << 23) * bitsToFloat((n2 + 127) << 23);
  y = x < -87.4f ? 0.0f : y;
  y = x > 88.7228f ? HUGE_VALF : y;
  return x != x ? x : y;
}

}  // namespace albert
