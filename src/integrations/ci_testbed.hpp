#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "integrations/context.hpp"

namespace perfwatch {

// The testbed name of a CI job, from what the provider says about its runner and what the
// machine says about itself, so that jobs on the same kind of runner share one history even
// though hosted runners (and containers) get a new host name each time:
//   GitHub Actions: github-<ImageOS, or "self-hosted">-<RUNNER_OS>-<RUNNER_ARCH>-<cores>cpu-<cpu>
//                   (ImageOS is the hosted image, e.g. ubuntu24; runner names change per job)
//   GitLab CI:      gitlab-<CI_RUNNER_TAGS, sorted>-<CI_JOB_IMAGE>-<cores>cpu-<cpu>
//                   (runner descriptions of hosted runners carry a per-machine prefix)
//   Jenkins:        jenkins-<NODE_LABELS without NODE_NAME, sorted>-<cores>cpu-<cpu>
//                   (cloud agents get a new NODE_NAME; their labels stay)
// Each part is lower-case letters, digits and '-'; a part that is unknown is left out.
// `fingerprint` is machine_fingerprint()'s object (cpu_model, logical_cores). Empty when
// `environment` is not one of these providers: the caller falls back to the host name.
std::string ci_testbed(const Environment& environment, const nlohmann::json& fingerprint);

// `text` as a testbed name part: lower case, each run of other characters than letters and
// digits one '-', none at either end; "(R)" and "(TM)" dropped ("Intel(R) Xeon(R) CPU" ->
// "intel-xeon-cpu").
std::string testbed_slug(std::string_view text);

}  // namespace perfwatch
