#include "core/data_directory.h"

#include <cstdlib>

namespace busytrap::core {

std::string data_directory() {
  if (const char* env = std::getenv("BUSYTRAP_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return BUSYTRAP_DEFAULT_DATA_DIR;
}

}  // namespace busytrap::core
