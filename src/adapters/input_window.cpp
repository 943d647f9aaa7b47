#include "adapters/input_window.hpp"

#include <algorithm>
#include <cstring>

namespace perfwatch {

InputWindow::InputWindow(const InputText& input, std::size_t bytes) : input_(input) {
  if (!input.read_from_file() || input.size() <= bytes) {
    text_ = input.view();  // InputText keeps '\0' bytes past its end
    return;
  }
  capacity_ = bytes;
  buffer_ = std::make_unique_for_overwrite<char[]>(capacity_ + 1);
  fill();
}

void InputWindow::slide(std::size_t keep) {
  if (complete_) return;
  const auto kept = text_.size() - std::min(keep, text_.size());
  if (kept == capacity_) {
    auto larger = std::make_unique_for_overwrite<char[]>(2 * capacity_ + 1);
    std::memcpy(larger.get(), buffer_.get(), kept);
    buffer_ = std::move(larger);
    capacity_ *= 2;
  } else {
    std::memmove(buffer_.get(), text_.data() + (text_.size() - kept), kept);
  }
  offset_ += text_.size() - kept;
  text_ = std::string_view(buffer_.get(), kept);
  fill();
}

void InputWindow::fill() {
  auto size = text_.size();
  while (size < capacity_) {
    const auto got = input_.copy(offset_ + size, {buffer_.get() + size, capacity_ - size});
    if (got == 0) break;
    size += got;
  }
  buffer_[size] = '\0';
  text_ = std::string_view(buffer_.get(), size);
  complete_ = offset_ + size == input_.size();
}

}  // namespace perfwatch
