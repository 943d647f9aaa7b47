# A reproducible benchmark environment: Debian 12 with perfwatch built by scripts/setup (the same
# packages and build steps as on a developer's machine), running a project's suite through
# docker/entrypoint.sh.
#
#   docker build -t perfwatch .
#   docker run --rm -v "$PWD:/workspace/project:ro" -v "$PWD/output:/workspace/output" \
#     -e BENCH_FILTER='sort' perfwatch
#
# The output folder receives perf.json and perfwatch.duckdb (the history, kept between runs).
FROM debian:12

ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
# scripts/setup installs the rest with apt; it needs these few to start.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      ca-certificates git sudo && rm -rf /var/lib/apt/lists/*

COPY . /opt/perfwatch
RUN /opt/perfwatch/scripts/setup && rm -rf /var/lib/apt/lists/*

ENV PATH=/opt/perfwatch/build:$PATH
WORKDIR /workspace/project
VOLUME ["/workspace/output"]
ENTRYPOINT ["/opt/perfwatch/docker/entrypoint.sh"]
