# The Debian packages perfwatch's scripts install, and how: sourced by scripts/setup and
# scripts/install, so that the lists live in one place.

# Building the perfwatch binary: build tools and Debian's -dev packages of its libraries. npm
# fetches DuckDB and the site's front-end packages; a machine that has node and npm keeps its own
# (any node from 18 on: the tests bring their own, see package.json). ccache: CMake compiles
# through it when it is there, so that a clean clone (CI) rebuilds from the cache.
build_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates ccache
  libfmt-dev nlohmann-json3-dev libsimdjson-dev libcli11-dev libtomlplusplus-dev
  libpugixml-dev libgit2-dev libssl-dev libboost-math-dev libcpp-httplib-dev libpq-dev
)
command -v npm >/dev/null 2>&1 || build_packages+=(nodejs npm)

# The tests and benchmarks: test libraries, the harnesses whose real output the tests ingest, and
# the tools the tests drive (PostgreSQL: the results server's tests run on it too, on a throwaway
# server scripts/postgres starts; chromium for the pages; rsync for gitlab-ci-local's shell
# executor, which runs the generated GitLab pipeline).
test_packages=(
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql
  hyperfine python3-pytest-benchmark catch2 golang-go
  valgrind clang-format
  python3-scipy python3-yaml
  chromium rsync jq curl
)

# install_missing SCRIPT PACKAGE...: apt-get installs those not installed yet (with sudo when not
# root), saying which under SCRIPT's name.
install_missing() {
  local script=$1 package
  shift
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "$script: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
