// An input read front to back a window at a time, for a parser that scans each byte more than
// once (the BMF adapter: the members' brackets, then simdjson). A mapped file is copied into the
// window piece by piece (InputText::copy): where the hypervisor shadows page tables, the first
// read of each mapped page costs more than copying it (0.10 s against 0.02 s for a 119 MiB file
// on the development VM, docs/performance.md "hold11"). A text held in memory is its own window,
// whole.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "adapters/input_text.hpp"

namespace perfwatch {

class InputWindow {
 public:
  static constexpr std::size_t kDefaultBytes = std::size_t{1} << 20;

  // Reads the first `bytes` of `input` (all of it when held in memory). `input` must outlive the
  // window.
  explicit InputWindow(const InputText& input, std::size_t bytes = kDefaultBytes);

  // The bytes in the window, followed by a '\0' byte.
  std::string_view text() const { return text_; }
  // Whether text() goes on to the input's end.
  bool complete() const { return complete_; }
  // Drops the bytes before text()[keep] and reads what follows those kept, as many bytes as the
  // window holds; a window full of kept bytes (keep 0) doubles first.
  void slide(std::size_t keep);

 private:
  // Reads from the input up to the window's size, after the bytes it holds.
  void fill();

  const InputText& input_;
  std::unique_ptr<char[]> buffer_;  // capacity_ bytes, then the '\0'
  std::size_t capacity_ = 0;
  std::size_t offset_ = 0;  // of text() in the input
  std::string_view text_;
  bool complete_ = true;
};

}  // namespace perfwatch
