#include "ab/sides.hpp"

#include "core/error.hpp"
#include "runner/suite.hpp"

namespace perfwatch::ab {
namespace fs = std::filesystem;

GitSetup git_setup(const std::string& suite_file, const std::string& cache) {
  GitSetup setup;
  try {
    setup.repo = git(fs::current_path(), {"rev-parse", "--show-toplevel"});
  } catch (const InputError&) {
    throw InputError("git refs as sides need a git repository: " + fs::current_path().string() +
                     " is in none (or give --base-command and --candidate-command)");
  }
  setup.suite_file = fs::absolute(suite_file);
  if (!fs::exists(setup.suite_file))
    throw InputError(suite_file + ": no such suite file (--suite)");
  setup.cache = cache.empty() ? setup.repo / ".perfwatch" / "ab" : fs::absolute(cache);
  setup.build_command = read_build_command(setup.suite_file);
  const auto suite = runner::load_suite(setup.suite_file);
  setup.project = suite.project;
  setup.instances = runner::expand_suite(suite);
  return setup;
}

}  // namespace perfwatch::ab
