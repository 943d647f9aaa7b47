// Factories of the adapters the registry lists; each is defined in its own file.
#pragma once

#include <memory>

#include "adapters/adapter.hpp"

namespace perfwatch {

std::unique_ptr<Adapter> make_google_benchmark_json_adapter();
std::unique_ptr<Adapter> make_bmf_adapter();

}  // namespace perfwatch
