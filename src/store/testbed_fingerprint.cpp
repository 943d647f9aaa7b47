#include "store/testbed_fingerprint.hpp"

#include "store/listing.hpp"
#include "store/named_rows.hpp"

namespace perfwatch::store {

std::optional<nlohmann::json> testbed_fingerprint(db::Session& session, const std::string& project,
                                                  const std::string& testbed) {
  const auto rows =
      db::query(session,
                "SELECT t.fingerprint AS fingerprint FROM testbed t JOIN project p ON "
                "p.id = t.project WHERE p.slug = " +
                    sql_quote(project) + " AND t.name = " + sql_quote(testbed));
  if (rows.size() == 0) return std::nullopt;
  auto fingerprint = nlohmann::json::parse(rows.text("fingerprint", 0), nullptr, false);
  if (!fingerprint.is_object()) return std::nullopt;
  return fingerprint;
}

}  // namespace perfwatch::store
