// The spawn helper program (spawn_helper/spawn_helper.cpp), carried inside perfwatch and made
// runnable from memory, so that installing perfwatch stays copying one binary.
#pragma once

#include <string>

namespace perfwatch::runner {

// The path that runs the helper: /proc/self/fd/N of a sealed in-memory file (memfd) holding it,
// made on the first call and kept open for the life of the process. Empty when the system
// refuses (no memfd_create or no /proc); commands are then spawned directly.
const std::string& spawn_helper_path();

}  // namespace perfwatch::runner
