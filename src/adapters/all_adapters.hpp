// Factories of the adapters the registry lists; each is defined in its own file.
#pragma once

#include <memory>

#include "adapters/adapter.hpp"

namespace perfwatch {

std::unique_ptr<Adapter> make_google_benchmark_json_adapter();
std::unique_ptr<Adapter> make_bmf_adapter();
std::unique_ptr<Adapter> make_google_benchmark_console_adapter();
std::unique_ptr<Adapter> make_go_bench_adapter();
std::unique_ptr<Adapter> make_criterion_text_adapter();
std::unique_ptr<Adapter> make_rust_libtest_adapter();
std::unique_ptr<Adapter> make_iai_callgrind_adapter();
std::unique_ptr<Adapter> make_pytest_benchmark_adapter();
std::unique_ptr<Adapter> make_hyperfine_adapter();
std::unique_ptr<Adapter> make_jmh_adapter();
std::unique_ptr<Adapter> make_benchmarkdotnet_adapter();
std::unique_ptr<Adapter> make_pyperf_adapter();
std::unique_ptr<Adapter> make_catch2_xml_adapter();
std::unique_ptr<Adapter> make_catch2_console_adapter();
std::unique_ptr<Adapter> make_perfwatch_receipt_adapter();

}  // namespace perfwatch
