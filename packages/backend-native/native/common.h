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

}  // namespace albert
