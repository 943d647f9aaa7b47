#include "integrations/git_info.hpp"

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_command;
using testing::ScratchDir;

// 2024-03-01T10:00:00Z and 2024-02-29T08:30:00Z as Unix seconds.
constexpr int64_t committed_unix_s = 1709287200;
constexpr int64_t authored_unix_s = 1709195400;

// Runs git in `directory` with fixed identity and dates, returning its standard output.
std::string git(const std::filesystem::path& directory, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"git", "-c", "user.name=Ada", "-c", "user.email=ada@example.org"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto result = run_command(argv, directory,
                                  {{"GIT_AUTHOR_DATE", "2024-02-29T08:30:00Z"},
                                   {"GIT_COMMITTER_DATE", "2024-03-01T10:00:00Z"}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

// A repository on branch "topic" with one commit of a.txt.
void make_repository(const std::filesystem::path& directory) {
  git(directory, {"init", "-q", "-b", "topic"});
  testing::write_file(directory / "a.txt", "a\n");
  git(directory, {"add", "a.txt"});
  git(directory, {"commit", "-q", "-m", "first"});
}

TEST(GitInfo, ReadsCommitBranchAndExactTimes) {
  ScratchDir dir;
  make_repository(dir.path());
  const auto head = git(dir.path(), {"rev-parse", "HEAD"});
  const auto checkout = read_git_checkout(dir.path());
  EXPECT_EQ(checkout.info.commit + "\n", head);
  EXPECT_EQ(checkout.info.branch, "topic");
  EXPECT_EQ(checkout.info.commit_time_unix_s, committed_unix_s);
  EXPECT_EQ(checkout.info.author_time_unix_s, authored_unix_s);
  EXPECT_FALSE(checkout.info.dirty);
  EXPECT_FALSE(checkout.detached);
  EXPECT_EQ(checkout.top_level, dir.path());
}

TEST(GitInfo, DiscoversTheRepositoryFromASubdirectory) {
  ScratchDir dir;
  make_repository(dir.path());
  std::filesystem::create_directories(dir / "x" / "y");
  const auto checkout = read_git_checkout(dir / "x" / "y");
  EXPECT_EQ(checkout.info.branch, "topic");
  EXPECT_EQ(checkout.top_level, dir.path());
}

TEST(GitInfo, UntrackedFilesDoNotMakeItDirty) {
  ScratchDir dir;
  make_repository(dir.path());
  testing::write_file(dir / "new.txt", "untracked\n");
  EXPECT_FALSE(read_git_checkout(dir.path()).info.dirty);
}

TEST(GitInfo, ModifiedTrackedFileMakesItDirty) {
  ScratchDir dir;
  make_repository(dir.path());
  testing::write_file(dir / "a.txt", "changed\n");
  EXPECT_TRUE(read_git_checkout(dir.path()).info.dirty);
}

TEST(GitInfo, StagedNewFileMakesItDirty) {
  ScratchDir dir;
  make_repository(dir.path());
  testing::write_file(dir / "b.txt", "b\n");
  git(dir.path(), {"add", "b.txt"});
  EXPECT_TRUE(read_git_checkout(dir.path()).info.dirty);
}

TEST(GitInfo, DetachedHeadHasCommitButNoBranch) {
  ScratchDir dir;
  make_repository(dir.path());
  git(dir.path(), {"checkout", "-q", "--detach"});
  const auto checkout = read_git_checkout(dir.path());
  EXPECT_TRUE(checkout.detached);
  EXPECT_TRUE(checkout.info.branch.empty());
  EXPECT_EQ(checkout.info.commit.size(), 40u);
}

TEST(GitInfo, RepositoryWithoutCommitsHasBranchOnly) {
  ScratchDir dir;
  git(dir.path(), {"init", "-q", "-b", "fresh"});
  const auto checkout = read_git_checkout(dir.path());
  EXPECT_EQ(checkout.info.branch, "fresh");
  EXPECT_TRUE(checkout.info.commit.empty());
  EXPECT_FALSE(checkout.info.commit_time_unix_s.has_value());
}

// read_git_checkout looks for `.git` or HEAD before it sets libgit2 up: a bare repository (HEAD
// in the folder itself, no .git) and a folder reached through a symbolic link from outside the
// repository are still found.
TEST(GitInfo, ReadsABareRepository) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "work");
  make_repository(dir / "work");
  git(dir.path(), {"clone", "-q", "--bare", "work", "bare.git"});
  const auto checkout = read_git_checkout(dir / "bare.git");
  EXPECT_EQ(checkout.info.commit + "\n", git(dir / "work", {"rev-parse", "HEAD"}));
  EXPECT_EQ(checkout.info.branch, "topic");
}

TEST(GitInfo, DiscoversTheRepositoryThroughASymbolicLink) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "repo" / "x");
  std::filesystem::create_directories(dir / "outside");
  make_repository(dir / "repo");
  std::filesystem::create_directory_symlink(dir / "repo" / "x", dir / "outside" / "link");
  const auto checkout = read_git_checkout(dir / "outside" / "link");
  EXPECT_EQ(checkout.info.commit + "\n", git(dir / "repo", {"rev-parse", "HEAD"}));
  EXPECT_EQ(checkout.info.branch, "topic");
}

TEST(GitInfo, NotARepositoryGivesEmptyInfo) {
  ScratchDir dir;
  const auto checkout = read_git_checkout(dir.path());
  EXPECT_TRUE(checkout.info.commit.empty());
  EXPECT_TRUE(checkout.info.branch.empty());
  EXPECT_TRUE(checkout.top_level.empty());
  EXPECT_FALSE(checkout.info.dirty);
}

}  // namespace
}  // namespace perfwatch
