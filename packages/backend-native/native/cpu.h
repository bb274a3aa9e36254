// Which kernel table this process uses: the fastest path the CPU (and OS) supports, unless
// ALBERT_CPU names a lower one (tests run every parity suite on each path this way).
#pragma once

#include <string>

#include "isa/kernel_table.h"

namespace albert {

struct CpuDispatch {
  const KernelTable* table;
  std::string requested;  // ALBERT_CPU as given ("auto" when unset)
  std::string note;       // why the request could not be honoured, or empty
  std::string model;      // CPU brand string
  std::string features;   // the features the choice looked at, present ones only
};

const CpuDispatch& cpuDispatch();

// The chosen table (decided on first use, then fixed for the life of the process).
inline const KernelTable& kernels() { return *cpuDispatch().table; }

}  // namespace albert
