#include "adapters/bracket_scan.hpp"

#include <bit>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace perfwatch {
namespace {

// Where the scan is: inside a string or not, just after a backslash inside one, and how many
// brackets are open.
struct ScanState {
  bool in_string = false;
  bool escaped = false;
  std::size_t depth = 0;
};

// Byte by byte over [p, stop): the end of the value when it is in there, else nullptr.
const char* scan_bytes(ScanState& state, const char* p, const char* stop) {
  for (; p < stop; ++p) {
    const char c = *p;
    if (state.in_string) {
      if (state.escaped) {
        state.escaped = false;
      } else if (c == '\\') {
        state.escaped = true;
      } else if (c == '"') {
        state.in_string = false;
      }
    } else if (c == '"') {
      state.in_string = true;
    } else if (c == '{' || c == '[') {
      ++state.depth;
    } else if ((c == '}' || c == ']') && --state.depth == 0) {
      return p + 1;
    }
  }
  return nullptr;
}

#if defined(__SSE2__)

constexpr std::size_t kBlock = 64;

// One bit per byte of a 64-byte block, for the bytes the scan cares about.
struct BlockBits {
  uint64_t quotes = 0;
  uint64_t backslashes = 0;
  uint64_t opening = 0;  // '{' and '['
  uint64_t closing = 0;  // '}' and ']'
};

BlockBits classify(const char* block) {
  BlockBits bits;
  // '[' and '{' differ only in bit 0x20, as do ']' and '}': one comparison finds each pair.
  const __m128i case_bit = _mm_set1_epi8(0x20);
  for (std::size_t lane = 0; lane < kBlock / 16; ++lane) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * lane));
    const __m128i folded = _mm_or_si128(bytes, case_bit);
    const auto mask = [&](__m128i data, char c) {
      const auto found = _mm_movemask_epi8(_mm_cmpeq_epi8(data, _mm_set1_epi8(c)));
      return static_cast<uint64_t>(static_cast<uint16_t>(found)) << (16 * lane);
    };
    bits.quotes |= mask(bytes, '"');
    bits.backslashes |= mask(bytes, '\\');
    bits.opening |= mask(folded, '{');
    bits.closing |= mask(folded, '}');
  }
  return bits;
}

// The bits set in `bits`, one step per bit: a block holds a few brackets at most, and the
// popcnt instruction is not in the x86-64 baseline (std::popcount would be a library call).
std::size_t count_bits(uint64_t bits) {
  std::size_t count = 0;
  for (; bits != 0; bits &= bits - 1) ++count;
  return count;
}

// Bit i of the result: the parity of bits 0..i of `bits` (1 from an opening quote up to the
// byte before its closing one).
uint64_t running_parity(uint64_t bits) {
  for (unsigned shift = 1; shift < 64; shift *= 2) bits ^= bits << shift;
  return bits;
}

#endif

}  // namespace

const char* skip_brackets(const char* start, const char* end) {
  ScanState state;
  const char* p = start;
#if defined(__SSE2__)
  for (; end - p >= static_cast<std::ptrdiff_t>(kBlock); p += kBlock) {
    const BlockBits bits = classify(p);
    // Escapes are rare in benchmark results: their blocks go byte by byte.
    if (bits.backslashes != 0 || state.escaped) {
      if (const char* found = scan_bytes(state, p, p + kBlock)) return found;
      continue;
    }
    uint64_t in_string = running_parity(bits.quotes);
    if (state.in_string) in_string = ~in_string;
    state.in_string = (in_string >> 63) != 0;
    const uint64_t opening = bits.opening & ~in_string;
    const uint64_t closing = bits.closing & ~in_string;
    const auto closes = count_bits(closing);
    if (state.depth > closes) {  // the count cannot reach zero in this block
      state.depth = state.depth + count_bits(opening) - closes;
      continue;
    }
    for (uint64_t brackets = opening | closing; brackets != 0; brackets &= brackets - 1) {
      const auto at = static_cast<unsigned>(std::countr_zero(brackets));
      if ((opening >> at) & 1) {
        ++state.depth;
      } else if (--state.depth == 0) {
        return p + at + 1;
      }
    }
  }
#endif
  return scan_bytes(state, p, end);
}

}  // namespace perfwatch
