#include "ab/pair_cache.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace perfwatch::ab {
namespace {

std::string key_of(const std::string& base, const std::string& candidate,
                   const std::string& series) {
  return base + ".." + candidate + " " + series;
}

}  // namespace

PairCache::PairCache(std::filesystem::path file) : file_(std::move(file)) {
  std::ifstream in(file_);
  if (!in) return;
  try {
    const auto json = nlohmann::json::parse(in);
    for (const auto& [key, list] : json.at("pairs").items()) {
      auto& pairs = pairs_[key];
      for (const auto& pair : list)
        pairs.push_back({pair.at(0).get<double>(), pair.at(1).get<double>()});
    }
  } catch (const nlohmann::json::exception& error) {
    throw InputError(file_.string() + ": not a perfwatch pair cache (" + error.what() +
                     "); remove it to start afresh");
  }
}

std::vector<Pair> PairCache::find(const std::string& base, const std::string& candidate,
                                  const std::string& series) const {
  const auto it = pairs_.find(key_of(base, candidate, series));
  return it == pairs_.end() ? std::vector<Pair>{} : it->second;
}

void PairCache::store(const std::string& base, const std::string& candidate,
                      const std::string& series, const std::vector<Pair>& pairs) {
  pairs_[key_of(base, candidate, series)] = pairs;
  nlohmann::json json = {{"pairs", nlohmann::json::object()}};
  for (const auto& [key, list] : pairs_) {
    auto& out = json["pairs"][key] = nlohmann::json::array();
    for (const auto& pair : list) out.push_back({pair.base, pair.candidate});
  }
  std::filesystem::create_directories(file_.parent_path());
  const auto temporary = file_.string() + ".tmp";
  std::ofstream(temporary) << json.dump();
  std::filesystem::rename(temporary, file_);
}

}  // namespace perfwatch::ab
