#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>
#include <utility>

#include "adapters/adapter.hpp"
#include "adapters/all_adapters.hpp"
#include "core/error.hpp"

namespace perfwatch {
namespace {

struct FileDescriptor {
  explicit FileDescriptor(int fd) : fd(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() { close(fd); }
  int fd;
};

// What cannot be mapped (a pipe, a /proc file whose size says 0, a mapping refused), read to
// its end.
std::string read_all(int fd, const std::string& path) {
  std::string text;
  std::size_t used = 0;
  for (;;) {
    if (text.size() - used < 65536) text.resize(used + 65536 + used / 2);
    const auto got = read(fd, text.data() + used, text.size() - used);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      throw InputError(path + ": cannot read: " + std::strerror(errno));
    }
    used += static_cast<std::size_t>(got);
  }
  text.resize(used);
  return text;
}

}  // namespace

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

void parse_input(const Adapter& adapter, const InputFile& input, MetricSink& sink) {
  if (adapter.reads_whole_view()) input.text.populate();
  adapter.parse(input, sink);
}

InputFile read_input_file(const std::string& path) {
  if (path == "-") {
    std::string text(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>{});
    return {"<stdin>", std::move(text)};
  }
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path + ": cannot open: " + std::strerror(errno));
  const FileDescriptor file{fd};
  struct stat status {};
  if (fstat(fd, &status) != 0) throw InputError(path + ": cannot read: " + std::strerror(errno));
  if (S_ISREG(status.st_mode) && status.st_size > 0) {
    if (auto mapped = InputText::map_file(fd, static_cast<std::size_t>(status.st_size))) {
      return {path, std::move(*mapped)};
    }
  }
  return {path, read_all(fd, path)};
}

}  // namespace perfwatch
