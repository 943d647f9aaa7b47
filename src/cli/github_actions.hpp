// What perfwatch adds to a GitHub Actions job when it runs inside one: the Markdown it appends to
// the job's summary page ($GITHUB_STEP_SUMMARY), whether the command is run locally or by a
// results server (`report --server`).
#pragma once

#include <string>

namespace perfwatch::cli {

// Whether this process runs in GitHub Actions ($GITHUB_ACTIONS is "true").
bool in_github_actions();

// Whether the job has a summary page to append to ($GITHUB_STEP_SUMMARY names a file).
bool has_step_summary();

// Appends `markdown` and a newline to $GITHUB_STEP_SUMMARY when it is set; throws InputError
// naming it when the file cannot be written.
void append_step_summary(const std::string& markdown);

}  // namespace perfwatch::cli
