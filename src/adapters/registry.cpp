#include <simdjson.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "adapters/adapter.hpp"
#include "adapters/all_adapters.hpp"
#include "core/error.hpp"

namespace perfwatch {

const std::vector<std::unique_ptr<Adapter>>& all_adapters() {
  static const auto adapters = [] {
    std::vector<std::unique_ptr<Adapter>> list;
    // Formats with distinctive markers first; BMF, the most permissive JSON shape, last.
    list.push_back(make_perfwatch_receipt_adapter());
    list.push_back(make_google_benchmark_json_adapter());
    list.push_back(make_pytest_benchmark_adapter());
    list.push_back(make_hyperfine_adapter());
    list.push_back(make_jmh_adapter());
    list.push_back(make_benchmarkdotnet_adapter());
    list.push_back(make_pyperf_adapter());
    list.push_back(make_bmf_adapter());
    list.push_back(make_google_benchmark_console_adapter());
    list.push_back(make_go_bench_adapter());
    list.push_back(make_criterion_text_adapter());
    list.push_back(make_rust_libtest_adapter());
    list.push_back(make_iai_callgrind_adapter());
    list.push_back(make_catch2_xml_adapter());
    list.push_back(make_catch2_console_adapter());
    return list;
  }();
  return adapters;
}

const Adapter* find_adapter(std::string_view name) {
  for (const auto& adapter : all_adapters()) {
    if (adapter->name() == name) return adapter.get();
  }
  return nullptr;
}

std::string adapter_names() {
  std::string names;
  for (const auto& adapter : all_adapters()) {
    if (!names.empty()) names += ", ";
    names += adapter->name();
  }
  return names;
}

const Adapter* find_detected_adapter(const InputFile& input) {
  for (const auto& adapter : all_adapters()) {
    if (adapter->detect(input)) return adapter.get();
  }
  return nullptr;
}

const Adapter& detect_adapter(const InputFile& input) {
  if (const Adapter* adapter = find_detected_adapter(input)) return *adapter;
  throw InputError(input.name +
                   ": format not recognised; pass --adapter with one of: " + adapter_names());
}

InputFile read_input_file(const std::string& path) {
  InputFile input{path == "-" ? "<stdin>" : path, {}};
  if (path == "-") {
    input.text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    if (!file) throw InputError(path + ": cannot open: " + std::strerror(errno));
    const auto size = static_cast<std::size_t>(file.tellg());
    input.text.reserve(size + simdjson::SIMDJSON_PADDING);
    input.text.resize(size);
    file.seekg(0);
    if (!file.read(input.text.data(), static_cast<std::streamsize>(size))) {
      throw InputError(path + ": cannot read: " + std::strerror(errno));
    }
  }
  input.text.reserve(input.text.size() + simdjson::SIMDJSON_PADDING);
  return input;
}

}  // namespace perfwatch
