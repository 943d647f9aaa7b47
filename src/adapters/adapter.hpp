// adapters: turn what benchmark harnesses write into MetricRecords, one file per format behind
// the Adapter interface, plus the registry that autodetects among them. Adapters parse and
// normalise (units, directions); they never touch the database or the file system beyond the
// input they are handed.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/input_text.hpp"
#include "core/metric.hpp"

namespace perfwatch {

// A whole input: a file mapped, or text handed over; simdjson can parse it in place (see
// InputText).
struct InputFile {
  std::string name;  // the path as the user gave it, or "<stdin>"; used in messages
  InputText text;
};

class Adapter {
 public:
  virtual ~Adapter() = default;
  // Stable identifier, stored with each report and accepted by --adapter.
  virtual std::string_view name() const = 0;
  // One-line description for --help and `perfwatch adapters`.
  virtual std::string_view description() const = 0;
  // Cheap sniff of the text: true when this adapter should parse it. Never throws.
  virtual bool detect(const InputFile& input) const = 0;
  // Parses the whole input into sink. Throws InputError naming input.name and the position on
  // malformed input; a throw may leave metrics already handed to sink, which the caller discards.
  virtual void parse(const InputFile& input, MetricSink& sink) const = 0;
  // Whether parse() reads the text through its view from start to end, as most adapters do
  // (parse_input then maps a file's pages in one go first: InputText::populate), rather than a
  // window at a time (input_window.hpp).
  virtual bool reads_whole_view() const { return true; }
};

// adapter.parse(input, sink), a mapped file's pages mapped in one go first when the adapter
// reads the whole view: how commands parse the files they read (read_input_file).
void parse_input(const Adapter& adapter, const InputFile& input, MetricSink& sink);

// All adapters, in autodetection order (most specific first).
const std::vector<std::unique_ptr<Adapter>>& all_adapters();
// The adapter with that name, or nullptr.
const Adapter* find_adapter(std::string_view name);
// The first adapter whose detect() accepts input, or nullptr.
const Adapter* find_detected_adapter(const InputFile& input);
// The first adapter whose detect() accepts input; throws InputError when none does.
const Adapter& detect_adapter(const InputFile& input);
// Comma-separated adapter names, for messages.
std::string adapter_names();

// A regular file mapped read-only (nothing copied; its pages mapped as they are first read, or
// all at once by parse_input); standard input ("-") and files that cannot be mapped
// (pipes, /proc) read into memory. Throws InputError when it cannot be read.
InputFile read_input_file(const std::string& path);

}  // namespace perfwatch
