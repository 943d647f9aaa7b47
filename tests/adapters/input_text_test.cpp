// read_input_file and InputText: a regular file mapped, with simdjson's padding readable past
// its end whatever its size; what cannot be mapped (a FIFO, an empty file) read instead.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <thread>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

std::string content_of_size(std::size_t size) {
  std::string text(size, 'x');
  for (std::size_t i = 0; i < size; i += 61) text[i] = static_cast<char>('a' + i % 26);
  return text;
}

TEST(InputText, MappedFileOfAnySizeIsPaddedWithZeros) {
  testing::ScratchDir dir;
  // One size ends a page exactly: its padding lies wholly past the file's last page.
  for (const std::size_t size :
       {std::size_t{1}, std::size_t{4096}, std::size_t{3 * 4096 - 10}, std::size_t{1 << 20}}) {
    const auto text = content_of_size(size);
    testing::write_file(dir / "input", text);
    const auto input = read_input_file((dir / "input").string());
    ASSERT_EQ(input.text.view(), text) << size;
    for (std::size_t i = 0; i < simdjson::SIMDJSON_PADDING; ++i) {
      ASSERT_EQ(input.text.data()[size + i], '\0') << size << " + " << i;
    }
  }
}

TEST(InputText, HashOfAMappedFileIsThatOfItsBytes) {
  testing::ScratchDir dir;
  // Sizes either side of the 1 MiB pieces the mapped file is read in for its hash.
  for (const std::size_t size :
       {std::size_t{1}, std::size_t{1} << 20, (std::size_t{3} << 20) + 7}) {
    const auto text = content_of_size(size);
    testing::write_file(dir / "input", text);
    const auto input = read_input_file((dir / "input").string());
    EXPECT_EQ(input.text.sha256_hex(), sha256_hex(text)) << size;
  }
  EXPECT_EQ(InputText(std::string("abc")).sha256_hex(), sha256_hex("abc"));
}

TEST(InputText, MappedFileReadsTheSameAfterItsPagesAreDropped) {
  testing::ScratchDir dir;
  const auto text = content_of_size((std::size_t{2} << 20) + 5);
  testing::write_file(dir / "input", text);
  const auto input = read_input_file((dir / "input").string());
  ASSERT_EQ(input.text.view(), text);
  input.text.drop_pages();
  EXPECT_EQ(input.text.view(), text);
  InputText("handed over").drop_pages();  // nothing to drop
}

TEST(InputText, CopiesShareTheMappingBeyondTheOriginal) {
  testing::ScratchDir dir;
  testing::write_file(dir / "input", "{\"a\": 1}");
  InputFile copy;
  {
    const auto input = read_input_file((dir / "input").string());
    copy = input;
  }
  EXPECT_EQ(copy.text.view(), "{\"a\": 1}");
  EXPECT_EQ(copy.name, (dir / "input").string());
}

TEST(InputText, EmptyFileAndFifoAreRead) {
  testing::ScratchDir dir;
  testing::write_file(dir / "empty", "");
  EXPECT_TRUE(read_input_file((dir / "empty").string()).text.empty());

  const auto fifo = (dir / "fifo").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const auto text = content_of_size(200000);  // more than a pipe holds at once
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << text; });
  const auto input = read_input_file(fifo);
  writer.join();
  EXPECT_EQ(input.text.view(), text);
}

TEST(InputText, MissingFileNamesIt) {
  testing::ScratchDir dir;
  const auto path = (dir / "absent.json").string();
  try {
    read_input_file(path);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), path + ": cannot open: No such file or directory");
  }
}

}  // namespace
}  // namespace perfwatch
