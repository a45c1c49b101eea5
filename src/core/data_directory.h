#pragma once
// Where busytrap finds its data files (data/: linux-executables.txt, credentials/, profiles/):
// $BUSYTRAP_DATA_DIR when set, else the folder the build was configured with.
#include <string>

namespace busytrap::core {

std::string data_directory();

}  // namespace busytrap::core
