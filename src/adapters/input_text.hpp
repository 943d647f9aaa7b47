// The bytes of one input: either a string handed over (standard input, a test's text, a
// submission's content) or a read-only mapping of a file. A mapped file is never copied: on a
// VM, copying a large file into memory the process has not touched yet costs more than parsing
// it (docs/performance.md, "fresh memory first touch"). Either way at least
// simdjson::SIMDJSON_PADDING bytes are readable past the end, so simdjson parses it in place.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace perfwatch {

class InputText {
 public:
  InputText() = default;
  // Takes the text over (implicit, so that InputFile{"name", text} reads as before).
  InputText(std::string text);  // NOLINT(google-explicit-constructor)
  InputText(const char* text);  // NOLINT(google-explicit-constructor)

  // Maps `size` bytes of the regular file open as `fd` (size > 0); nothing when the system
  // cannot map it (the caller reads it instead). The descriptor may be closed afterwards.
  static std::optional<InputText> map_file(int fd, std::size_t size);

  // Maps a mapped file's pages in one go (MADV_POPULATE_READ), for a reader of the whole view:
  // faulting them in 4 KiB at a time as the parser reaches them costs about ten times more on the
  // development VM (119 MiB: 0.11 s against 0.01 s). Not done at map_file, since the hash and a
  // window-at-a-time reader copy the file instead (pread) and never need them. Nothing for a text
  // held in memory.
  void populate() const;

  std::string_view view() const;
  // Lower-case hex SHA-256 of the bytes. A mapped file is read again for it (pread), not through
  // the mapping: where page tables are shadowed by the hypervisor (the development VM), the first
  // access to each mapped page costs ~1.7 us, 0.05 s for a 119 MiB file, more than the copy;
  // the first metric rows wait for this hash (docs/performance.md, "hold10").
  std::string sha256_hex() const;
  // Whether the bytes are those of a mapped file, which copy() reads again from the file.
  bool read_from_file() const;
  // Copies the bytes from `offset` on into `into`, as many as fit, and answers how many (0 at the
  // end). A mapped file is read again (pread), for the reason sha256_hex() is: a window of the
  // file that parsers scan again and again (input_window.hpp) then costs a copy, not the
  // first reads through the mapping.
  std::size_t copy(std::size_t offset, std::span<char> into) const;
  // Drops the pages a mapped file has in this process (madvise MADV_DONTNEED; the bytes stay
  // readable, from the page cache again): what unmapping at the end would otherwise spend, ~10 ms
  // for 119 MiB on the development VM, can then be spent while something else goes on. Nothing
  // for a text handed over.
  void drop_pages() const;
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  // A copy, for the few callers that need a std::string (a submission's JSON body).
  operator std::string() const { return std::string(view()); }  // NOLINT

  const char* data() const { return view().data(); }
  std::size_t size() const { return view().size(); }
  bool empty() const { return view().empty(); }
  char operator[](std::size_t index) const { return view()[index]; }
  const char* begin() const { return data(); }
  const char* end() const { return data() + size(); }
  std::string_view substr(std::size_t position, std::size_t count = std::string_view::npos) const {
    return view().substr(position, count);
  }

 private:
  struct Mapping;

  std::string owned_;                       // the handed-over text, when not mapped
  std::shared_ptr<const Mapping> mapping_;  // shared by copies; unmapped with the last
};

}  // namespace perfwatch
