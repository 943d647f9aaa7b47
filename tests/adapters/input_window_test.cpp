// InputWindow: a mapped file read a window at a time, the bytes kept across a slide, the window
// doubled when full of kept bytes; a text held in memory seen whole at once.
#include "adapters/input_window.hpp"

#include <gtest/gtest.h>

#include <string>

#include "adapters/adapter.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

std::string numbered_bytes(std::size_t size) {
  std::string text(size, ' ');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('!' + (i * 7 + i / 251) % 90);
  return text;
}

TEST(InputWindow, ReadsAMappedFileWholeAcrossSlides) {
  testing::ScratchDir dir;
  const auto text = numbered_bytes(3 * 4096 * 10 + 7);
  testing::write_file(dir / "input", text);
  const auto input = read_input_file((dir / "input").string());
  ASSERT_TRUE(input.text.read_from_file());
  InputWindow window(input.text, 4096);
  std::string seen;
  std::size_t slides = 0;
  while (!window.complete()) {
    const auto keep = window.text().size() / 3;  // a third of each window is seen again
    ASSERT_EQ(window.text().size(), 4096u);
    ASSERT_EQ(window.text().data()[window.text().size()], '\0');
    seen.append(window.text().substr(0, keep));
    window.slide(keep);
    ++slides;
  }
  seen.append(window.text());
  EXPECT_EQ(seen, text);
  EXPECT_EQ(window.text().data()[window.text().size()], '\0');
  EXPECT_GT(slides, 40u);
}

TEST(InputWindow, AWindowFullOfKeptBytesDoubles) {
  testing::ScratchDir dir;
  const auto text = numbered_bytes(10000);
  testing::write_file(dir / "input", text);
  const auto input = read_input_file((dir / "input").string());
  InputWindow window(input.text, 4096);
  window.slide(0);
  EXPECT_EQ(window.text(), text.substr(0, 8192));
  EXPECT_FALSE(window.complete());
  window.slide(0);
  EXPECT_EQ(window.text(), text);
  EXPECT_TRUE(window.complete());
}

TEST(InputWindow, TextInMemoryIsOneWholeWindow) {
  const InputText input(numbered_bytes(10000));
  InputWindow window(input, 4096);
  EXPECT_TRUE(window.complete());
  EXPECT_EQ(window.text().data(), input.data());
  EXPECT_EQ(window.text().size(), 10000u);
}

}  // namespace
}  // namespace perfwatch
