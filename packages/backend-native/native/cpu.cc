#include "cpu.h"

#include <cstdlib>
#include <cstring>
#include <fstream>

#if defined(__linux__)
#include <unistd.h>
#elif defined(__APPLE__)
#include <sys/sysctl.h>
#endif

#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#define ALBERT_X86_GNU 1
#endif

namespace albert {
namespace {

std::string brandString() {
#if defined(ALBERT_X86_GNU)
  unsigned regs[12] = {0};
  unsigned maxExt = __get_cpuid_max(0x80000000u, nullptr);
  if (maxExt >= 0x80000004u) {
    for (unsigned i = 0; i < 3; i++) __get_cpuid(0x80000002u + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
    char s[49];
    std::memcpy(s, regs, 48);
    s[48] = 0;
    std::string r(s);
    size_t a = r.find_first_not_of(' '), b = r.find_last_not_of(' ');
    return a == std::string::npos ? std::string() : r.substr(a, b - a + 1);
  }
  return std::string();
#else
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line)) {
    for (const char* key : {"model name", "Model", "CPU part"}) {
      if (line.rfind(key, 0) == 0) {
        size_t c = line.find(':');
        if (c != std::string::npos) return line.substr(c + 2);
      }
    }
  }
  return std::string();
#endif
}

int rank(const std::string& name) {
  if (name == "avx512") return 3;
  if (name == "avx2") return 2;
  if (name == "baseline" || name == "neon") return 1;
  return 0;
}

CpuDispatch decide() {
  CpuDispatch d;
  d.model = brandString();
  const KernelTable* best = &baselineTable();
#if defined(ALBERT_X86_GNU)
  // libgcc's checks include the OS's XSAVE state (XGETBV), so a kernel that disabled AVX-512
  // state reports no avx512f here.
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool avx512 = avx2 && __builtin_cpu_supports("avx512f");
  d.features = std::string(avx2 ? "avx2 fma" : "") + (avx512 ? " avx512f" : "");
  if (avx2 && avx2Table()) best = avx2Table();
  if (avx512 && avx512Table()) best = avx512Table();
#endif
  const char* env = std::getenv("ALBERT_CPU");
  d.requested = env && *env ? env : "auto";
  d.table = best;
  if (d.requested == "auto") return d;
  int want = rank(d.requested);
  if (want == 0) {
    d.note = "ALBERT_CPU=" + d.requested + " is not one of auto, avx512, avx2, baseline; using " + best->path;
    return d;
  }
  if (want > rank(best->path)) {
    d.note = std::string("this CPU has no ") + d.requested + " path; using " + best->path;
    return d;
  }
  const KernelTable* lower[] = {avx512Table(), avx2Table(), &baselineTable()};
  for (const KernelTable* t : lower) {
    if (t && rank(t->path) <= want && rank(t->path) <= rank(best->path)) {
      d.table = t;
      break;
    }
  }
  return d;
}

size_t sysfsCacheSize(int index) {
  std::ifstream f("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/size");
  std::string v;
  if (!(f >> v) || v.empty()) return 0;
  size_t n = std::strtoul(v.c_str(), nullptr, 10);
  char unit = v.back();
  return unit == 'K' ? n << 10 : unit == 'M' ? n << 20 : n;
}

CacheSizes detectCaches() {
  size_t l1 = 0, l2 = 0;
#if defined(__linux__) && defined(_SC_LEVEL1_DCACHE_SIZE)
  long a = sysconf(_SC_LEVEL1_DCACHE_SIZE), b = sysconf(_SC_LEVEL2_CACHE_SIZE);
  l1 = a > 0 ? static_cast<size_t>(a) : 0;
  l2 = b > 0 ? static_cast<size_t>(b) : 0;
#elif defined(__APPLE__)
  uint64_t v = 0;
  size_t len = sizeof(v);
  if (sysctlbyname("hw.l1dcachesize", &v, &len, nullptr, 0) == 0) l1 = static_cast<size_t>(v);
  len = sizeof(v);
  if (sysctlbyname("hw.l2cachesize", &v, &len, nullptr, 0) == 0) l2 = static_cast<size_t>(v);
#endif
  // index0 is L1d and index2 L2 on the usual Linux layouts (index1 is L1i).
  if (l1 == 0) l1 = sysfsCacheSize(0);
  if (l2 == 0) l2 = sysfsCacheSize(2);
  // Out-of-range answers (0, or a shared L2 reported per cluster) fall back to common sizes.
  if (l1 < (16u << 10) || l1 > (256u << 10)) l1 = 32u << 10;
  if (l2 < (128u << 10) || l2 > (8u << 20)) l2 = 512u << 10;
  return {l1, l2};
}

}  // namespace

CacheSizes cacheSizes() {
  static const CacheSizes c = detectCaches();
  return c;
}

const CpuDispatch& cpuDispatch() {
  static const CpuDispatch d = decide();
  return d;
}

}  // namespace albert
