# A benchmark runner image: perfwatch and its libraries (scripts/install), nothing else, running a
# project's suite through docker/entrypoint.sh as an unprivileged user under tini.
#
#   docker build -t perfwatch .
#   docker run --rm -v "$PWD:/workspace/project:ro" -v "$PWD/output:/workspace/output" \
#     -e BENCH_FILTER='sort' perfwatch
#
# The output folder receives perf.json and perfwatch.duckdb (the history, kept between runs); it
# must be writable by the container's user (uid 1000, or run with --user "$(id -u)").
# Projects whose benchmarks need a toolchain build on it: FROM perfwatch, then install it.

# Build stage: the binary alone (no tests, no test tools), with its shared libraries beside it.
FROM debian:12 AS build
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates \
      && rm -rf /var/lib/apt/lists/*
COPY . /src
WORKDIR /src
RUN scripts/install --prefix /opt/perfwatch --build-dir /tmp/perfwatch-build \
      && rm -rf /tmp/perfwatch-build /var/lib/apt/lists/*

# Final stage: Debian's slim base, tini as PID 1 (signals reach perfwatch and its benchmarks,
# zombies are reaped), the installed prefix and the entry point.
FROM debian:12-slim
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends tini ca-certificates \
      && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/perfwatch /opt/perfwatch
COPY docker/entrypoint.sh /usr/local/bin/perfwatch-entrypoint
# A mounted checkout belongs to the host's user: git (libgit2) would refuse it as "dubious
# ownership" and the commit would be lost. The project folder is trusted (by its path: Debian
# 12's libgit2 does not read `*`); the entry point trusts another working folder it is run in.
RUN printf '[safe]\n\tdirectory = /workspace/project\n' > /etc/gitconfig \
      && useradd --create-home --uid 1000 perfwatch \
      && mkdir -p /workspace/project /workspace/output \
      && chown perfwatch:perfwatch /workspace/output
ENV PATH=/opt/perfwatch/bin:$PATH
USER perfwatch
WORKDIR /workspace/project
VOLUME ["/workspace/output"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/perfwatch-entrypoint"]
