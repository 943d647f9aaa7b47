#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace perfwatch {

// A failure the user caused and can fix (bad input file, bad flag, wrong database).
// The CLI prints its message as one line and exits with code 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "line L, column C" (1-based) of a byte offset in text; column counts bytes.
std::string line_and_column(std::string_view text, std::size_t offset);

}  // namespace perfwatch
