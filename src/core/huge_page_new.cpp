// Replaces the global operator new/delete of the programs that link it (perfwatch itself and its
// bench programs, never the libraries): allocations of 4 MiB and more get a mapping of their own
// that the kernel may back with transparent huge pages (madvise MADV_HUGEPAGE; Debian's default
// THP mode "madvise" uses them only where asked). Parsing a large results file is dominated by
// faulting in fresh memory for the text and the parser's buffers; on virtual machines a 4 KiB
// page fault is expensive (docs/performance.md measures 360 MB/s first touch on the development
// VM, 10 GB/s with huge pages), so big buffers in 2 MiB pages make ingest several times faster.
// Smaller allocations go to malloc as before.
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t kHugeThreshold = std::size_t{4} << 20;
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kPage = 4096;
// The block starts this far into its mapping, after a header; 64 keeps any fundamental alignment.
constexpr std::size_t kHeaderSize = 64;
constexpr std::uint64_t kMagic = 0x70667768756765ULL;  // "pfwhuge"

struct Header {
  std::uint64_t tag;  // kMagic xor the header's own address: a header, not look-alike data
  std::size_t mapping_size;
};

std::uint64_t tag_of(const Header* header) {
  return kMagic ^ static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(header));
}

void* allocate_huge(std::size_t size) {
  const std::size_t mapping_size = (size + kHeaderSize + kHugePage - 1) / kHugePage * kHugePage;
  void* mapping =
      mmap(nullptr, mapping_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping == MAP_FAILED) return nullptr;
  madvise(mapping, mapping_size, MADV_HUGEPAGE);  // advice only: without THP it changes nothing
  auto* header = static_cast<Header*>(mapping);
  header->tag = tag_of(header);
  header->mapping_size = mapping_size;
  return static_cast<char*>(mapping) + kHeaderSize;
}

// A huge block sits kHeaderSize into a page; a malloc block at that offset has its page's start
// (mapped, as the same page) before it, where no valid tag can be.
const Header* huge_header(void* block) {
  const auto address = reinterpret_cast<std::uintptr_t>(block);
  if (address % kPage != kHeaderSize) return nullptr;
  const auto* header = reinterpret_cast<const Header*>(address - kHeaderSize);
  return header->tag == tag_of(header) ? header : nullptr;
}

void* allocate(std::size_t size) {
  void* block = size >= kHugeThreshold ? allocate_huge(size) : std::malloc(size == 0 ? 1 : size);
  if (block == nullptr) throw std::bad_alloc();
  return block;
}

void release(void* block) noexcept {
  if (block == nullptr) return;
  if (const Header* header = huge_header(block)) {
    munmap(const_cast<Header*>(header), header->mapping_size);
  } else {
    std::free(block);
  }
}

}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void operator delete(void* block) noexcept { release(block); }
void operator delete[](void* block) noexcept { release(block); }
void operator delete(void* block, std::size_t) noexcept { release(block); }
void operator delete[](void* block, std::size_t) noexcept { release(block); }
