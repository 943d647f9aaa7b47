#include "adapters/input_text.hpp"

#include <fcntl.h>
#include <simdjson.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "core/sha256.hpp"

namespace perfwatch {

// One mapping: the file's pages, then zero pages up to at least SIMDJSON_PADDING bytes past
// its end (bytes of a file's last page past its end read as zero; pages wholly past it would
// not be readable, hence the anonymous ones).
struct InputText::Mapping {
  Mapping(void* address, std::size_t length, std::size_t size, int fd)
      : address(address), length(length), bytes(static_cast<const char*>(address), size), fd(fd) {}
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() {
    munmap(address, length);
    if (fd >= 0) close(fd);
  }

  void* address;
  std::size_t length;
  std::string_view bytes;
  int fd;  // the file, for sha256_hex; -1 when it could not be kept
};

InputText::InputText(std::string text) : owned_(std::move(text)) {
  owned_.reserve(owned_.size() + simdjson::SIMDJSON_PADDING);
}

InputText::InputText(const char* text) : InputText(std::string(text)) {}

std::optional<InputText> InputText::map_file(int fd, std::size_t size) {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t length = (size + simdjson::SIMDJSON_PADDING + page - 1) / page * page;
  // Reserve the whole range as zero pages, then lay the file over its start.
  void* address = mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (address == MAP_FAILED) return std::nullopt;
  if (mmap(address, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
    munmap(address, length);
    return std::nullopt;
  }
  InputText text;
  text.mapping_ =
      std::make_shared<const Mapping>(address, length, size, fcntl(fd, F_DUPFD_CLOEXEC, 0));
  return text;
}

std::string InputText::sha256_hex() const {
  if (!read_from_file()) return perfwatch::sha256_hex(view());
  Sha256 digest;
  std::vector<char> buffer(std::size_t{1} << 20);
  std::size_t offset = 0;
  while (const auto got = copy(offset, buffer)) {
    digest.update(std::string_view(buffer.data(), got));
    offset += got;
  }
  return digest.hex();
}

bool InputText::read_from_file() const { return mapping_ && mapping_->fd >= 0; }

std::size_t InputText::copy(std::size_t offset, std::span<char> into) const {
  const auto bytes = view();
  if (offset >= bytes.size()) return 0;
  const auto wanted = std::min(into.size(), bytes.size() - offset);
  if (read_from_file()) {
    const auto got = pread(mapping_->fd, into.data(), wanted, static_cast<off_t>(offset));
    if (got > 0) return static_cast<std::size_t>(got);
    // The mapping holds the same bytes.
  }
  std::memcpy(into.data(), bytes.data() + offset, wanted);
  return wanted;
}

void InputText::populate() const {
  // An older kernel (before Linux 5.14) refuses the advice: the pages are then faulted in as read.
  if (mapping_) madvise(mapping_->address, mapping_->bytes.size(), MADV_POPULATE_READ);
}

void InputText::drop_pages() const {
  if (mapping_) madvise(mapping_->address, mapping_->bytes.size(), MADV_DONTNEED);
}

std::string_view InputText::view() const {
  return mapping_ ? mapping_->bytes : std::string_view(owned_);
}

}  // namespace perfwatch
