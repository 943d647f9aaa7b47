// ab: pairs measured before, kept in a JSON file so that a later session comparing the same two
// commits (a second bisect over an overlapping range) starts from them (see wilcoxon.hpp for
// what the folder owns).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ab/paired.hpp"

namespace perfwatch::ab {

class PairCache {
 public:
  // Reads `file` when it exists; throws InputError naming it when it is not such a cache.
  explicit PairCache(std::filesystem::path file);
  // The pairs of `series` with commit `base` as base and `candidate` as candidate; empty if none.
  std::vector<Pair> find(const std::string& base, const std::string& candidate,
                         const std::string& series) const;
  // Replaces them (a session's pairs include the reused ones) and writes the file (to a
  // temporary name first, then renamed, so that an interrupted write leaves the old file).
  void store(const std::string& base, const std::string& candidate, const std::string& series,
             const std::vector<Pair>& pairs);

 private:
  std::filesystem::path file_;
  std::map<std::string, std::vector<Pair>> pairs_;
};

}  // namespace perfwatch::ab
