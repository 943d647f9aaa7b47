// A checkout owned by another user (a host folder mounted into a container, issue 15): libgit2
// refuses it as git does ("dubious ownership") and the report would lose its commit and branch,
// unless git's configuration trusts the folder by its path (safe.directory; Debian 12's libgit2
// 1.5 does not read `*`), as the Docker image and its entry point do.
// Changing a folder's owner needs root (CI runs the tests as root); elsewhere the test is skipped.
#include <gtest/gtest.h>
#include <unistd.h>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_command;
using testing::run_perfwatch;
using testing::ScratchDir;

TEST(Ownership, ACheckoutOfAnotherUserIsReadWhenGitTrustsIt) {
  if (geteuid() != 0) GTEST_SKIP() << "changing a folder's owner needs root";
  ScratchDir dir;
  const auto project = dir / "project";
  std::filesystem::create_directories(project);
  testing::write_file(
      project / "perfwatch.toml",
      "[suite]\nname = \"s\"\n\n[[benchmark]]\nname = \"t\"\ncommand = [\"true\"]\n");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"init", "-q", "-b", "topic"},
        {"add", "perfwatch.toml"},
        {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one"}}) {
    std::vector<std::string> argv = {"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    ASSERT_EQ(run_command(argv, project).exit_code, 0);
  }
  ASSERT_EQ(run_command({"chown", "-R", "65534:65534", project.string()}).exit_code, 0);
  std::filesystem::create_directories(dir / "home");
  auto branch_of_run = [&](const std::string& database) {
    auto run = run_perfwatch({"--db", (dir / database).string(), "run", "--profile", "quick"},
                             project, {{"HOME", (dir / "home").string()}, {"GITHUB_ACTIONS", ""}});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run_perfwatch({"--db", (dir / database).string(), "sql",
                          "SELECT b.name, r.commit_hash IS NOT NULL AS has_commit FROM report r "
                          "JOIN branch b ON b.id = r.branch"},
                         project)
        .out;
  };
  // Refused: no commit, and the branch falls back to main.
  EXPECT_EQ(branch_of_run("refused.duckdb"), "name\thas_commit\nmain\tfalse\n");
  testing::write_file(dir / "home/.gitconfig", "[safe]\n\tdirectory = " + project.string() + "\n");
  EXPECT_EQ(branch_of_run("trusted.duckdb"), "name\thas_commit\ntopic\ttrue\n");
}

}  // namespace
}  // namespace perfwatch
