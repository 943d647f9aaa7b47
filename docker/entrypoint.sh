#!/usr/bin/env bash
# The benchmark container's entry point: prints what the results depend on (commit, compiler,
# CPU, cores, kernel), runs the project's perfwatch suite, writes the receipt perf.json to the
# output folder, prints the SLO summary (perfwatch check) and exits non-zero on failure:
# the suite's exit status when a benchmark failed, 1 when a regression or SLO violation was found.
#
# Settings (environment):
#   BENCH_FILTER       regular expression over benchmark names (default: all)
#   BENCH_PARAMS       parameter selections, e.g. "batch_size=1,8" (space-separated)
#   PERFWATCH_PROFILE  quick, standard, full or comprehensive (default: standard)
#   SUITE              the suite file (default: perfwatch.toml in the working directory)
#   OUTPUT_DIR         where perf.json goes (default: /workspace/output)
#   PERFWATCH_DB       the database (default: OUTPUT_DIR/perfwatch.duckdb, so history survives
#                      in the mounted folder)
#   PERFWATCH_FAIL_ON  what fails the run: regression, step, slo or never (default: slo)
#   PERFWATCH_TESTBED  the testbed the results are stored under (default: in CI, what perfwatch
#                      derives from the runner; else docker-<cores>cpu-<CPU model>: each
#                      container has a new host name, which would start a new history each run)
set -uo pipefail

suite=${SUITE:-perfwatch.toml}
output=${OUTPUT_DIR:-/workspace/output}
profile=${PERFWATCH_PROFILE:-standard}
fail_on=${PERFWATCH_FAIL_ON:-slo}
export PERFWATCH_DB=${PERFWATCH_DB:-$output/perfwatch.duckdb}

say() { printf '==> %s\n' "$*"; }

if [ ! -f "$suite" ]; then
  echo "entrypoint: no suite file $suite in $(pwd) (mount the project or set SUITE)" >&2
  exit 2
fi
if ! mkdir -p "$output" 2>/dev/null || [ ! -w "$output" ]; then
  echo "entrypoint: cannot write to the output folder $output (mount it writable)" >&2
  exit 2
fi

# A checkout owned by another user (mounted from the host) is refused by git and libgit2
# ("dubious ownership") unless trusted: the commit and branch of the report would be lost.
if [ -e .git ] && [ "$(stat -c %u .)" != "$(id -u)" ] &&
  ! grep -qsxF "	directory = $PWD" /etc/gitconfig "$HOME/.gitconfig"; then
  printf '[safe]\n\tdirectory = %s\n' "$PWD" >> "$HOME/.gitconfig"
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
[ -n "$cpu" ] || cpu=$(uname -m)
compiler=$( (c++ --version || cc --version) 2>/dev/null | head -n 1)
commit=${GIT_COMMIT:-$( (git rev-parse --short=12 HEAD || echo "read by perfwatch") 2>/dev/null)}
# The providers whose runner perfwatch describes itself (see --testbed in `perfwatch run --help`).
if [ -z "${PERFWATCH_TESTBED:-}" ] && [ "${GITHUB_ACTIONS:-}" != true ] &&
  [ "${GITLAB_CI:-}" != true ] && [ -z "${JENKINS_URL:-}" ]; then
  cpu_slug=$(printf '%s' "$cpu" | tr '[:upper:]' '[:lower:]' | sed -e 's/(r)//g; s/(tm)//g' \
    -e 's/[^a-z0-9]\{1,\}/-/g; s/^-//; s/-$//')
  export PERFWATCH_TESTBED="docker-$(nproc)cpu${cpu_slug:+-$cpu_slug}"
fi
say "perfwatch benchmark container: $(perfwatch --version)"
say "Commit: $commit"
say "Compiler: ${compiler:-none}"
say "CPU: $cpu"
say "Cores: $(nproc)"
say "Kernel: $(uname -sr)"
say "Testbed: ${PERFWATCH_TESTBED:-derived from the CI runner}"
say "Suite: $suite (profile $profile${BENCH_FILTER:+, filter $BENCH_FILTER})"
echo

args=(run --suite "$suite" --profile "$profile" --out "$output/perf.json")
[ -z "${BENCH_FILTER:-}" ] || args+=(--filter "$BENCH_FILTER")
for param in ${BENCH_PARAMS:-}; do args+=(--param "$param"); done
perfwatch "${args[@]}"
run_status=$?

echo
if [ -f "$output/perf.json" ]; then
  say "Receipt written to $output/perf.json"
else
  say "No receipt written"
fi

echo
say "SLO summary:"
perfwatch check --fail-on "$fail_on" --config "$suite"
check_status=$?

if [ "$run_status" -ne 0 ]; then
  say "The suite failed (exit $run_status)"
  exit "$run_status"
fi
if [ "$check_status" -ne 0 ]; then
  say "perfwatch check failed (exit $check_status)"
  exit "$check_status"
fi
say "All benchmarks ran; nothing failed"
