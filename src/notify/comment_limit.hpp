// notify/comment_limit: a comment body cut to fit the provider's limit (GitHub refuses a comment
// longer than 65,536 characters: about 220 benchmarks of perfwatch's table), keeping what comes
// first (the verdict and the changed benchmarks) and saying where the whole report is.
#pragma once

#include <cstddef>
#include <string>

namespace perfwatch::notify {

// GitHub's limit on an issue or pull-request comment body, in characters.
constexpr std::size_t github_comment_limit = 65536;

// `body` when it has at most `max_bytes` bytes (bytes: never fewer than characters). Else its
// longest run of whole lines that leaves room for the note, any <details> still open closed,
// then a note that the comment was cut, with a link to `full_report_url` when not empty.
std::string fit_comment(const std::string& body, std::size_t max_bytes,
                        const std::string& full_report_url);

}  // namespace perfwatch::notify
