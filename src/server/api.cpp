#include "server/api.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "core/error.hpp"
#include "detect/threshold.hpp"
#include "server/submission.hpp"
#include "server/tokens.hpp"
#include "store/listing.hpp"

namespace perfwatch::server {
namespace {

// An error answered with `status` and {"error": message}.
struct HttpError : std::runtime_error {
  HttpError(int status, const std::string& message) : std::runtime_error(message), status(status) {}
  int status;
};

void send_json(httplib::Response& response, int status, const nlohmann::ordered_json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

std::string bearer_token(const httplib::Request& request) {
  const auto header = request.get_header_value("Authorization");
  constexpr std::string_view prefix = "Bearer ";
  return header.starts_with(prefix) ? header.substr(prefix.size()) : std::string();
}

std::optional<int64_t> project_id(db::Session& connection, const std::string& slug) {
  auto found = connection.run("SELECT id FROM project WHERE slug = " + sql_quote(slug));
  if (found->row_count() == 0) return std::nullopt;
  return found->int64(0, 0);
}

// Refuses a caller without the right: 401 (no token), 403, or 404 for an unknown project.
[[noreturn]] void refuse(const std::string& token, bool project_exists, const std::string& slug,
                         Scope scope) {
  if (token.empty()) throw HttpError(401, "this needs a token: Authorization: Bearer TOKEN");
  // Unknown projects and forbidden ones look the same to a caller without rights.
  throw HttpError(project_exists ? 403 : 404,
                  fmt::format("the token does not allow {} on project '{}'",
                              scope == Scope::write ? "writing" : "reading", slug));
}

// The project's id when the caller may use it with `scope`; else 401 (no token), 403 or 404.
int64_t authorised_project(db::Session& connection, const httplib::Request& request,
                           const std::string& slug, Scope scope) {
  const auto token = bearer_token(request);
  const auto id = project_id(connection, slug);
  if (id && allows(connection, token, *id, scope)) return *id;
  refuse(token, id.has_value(), slug, scope);
}

nlohmann::json parse_body(const httplib::Request& request) {
  auto json = nlohmann::json::parse(request.body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) throw HttpError(400, "body: not a JSON object");
  return json;
}

// Refuses (401) a submission without a token the server knows, before anything of its body is
// read: a caller without credentials learns nothing about what the server would accept.
void authenticate_submission(Store& store, const httplib::Request& request) {
  if (!store.knows_token(bearer_token(request))) {
    throw HttpError(401, "this needs a valid token: Authorization: Bearer TOKEN");
  }
}

// Checks the caller may write to the project the body names before its content is parsed; a
// body without a project is refused by parse_submission.
void authorise_submission(Store& store, const httplib::Request& request,
                          const nlohmann::json& body) {
  if (!body.contains("context") || !body["context"].is_object()) return;
  const auto& project = body["context"].value("project", nlohmann::json());
  if (!project.is_string()) return;
  const auto slug = project.get<std::string>();
  const auto token = bearer_token(request);
  const auto check = store.may_submit(token, slug);
  if (!check.allowed) refuse(token, check.project_exists, slug, Scope::write);
}

// Parsed and checked here, in the request's thread, then stored (on DuckDB by the writer
// thread with whatever other submissions are waiting, answered after their COMMIT).
nlohmann::ordered_json submit(Store& store, const httplib::Request& request) {
  authenticate_submission(store, request);
  const auto body = parse_body(request);
  authorise_submission(store, request, body);
  const auto submission = parse_submission(body);
  const auto stored = store.store({&submission, 1}).front();
  return {{"report", stored.report_id}, {"stored", stored.stored}, {"metrics", stored.metrics}};
}

nlohmann::ordered_json readable_projects(db::Session& connection, const httplib::Request& request) {
  const auto all = list(connection, "projects", {});
  nlohmann::ordered_json readable = nlohmann::ordered_json::array();
  for (const auto& project : all.rows) {
    const auto id = project_id(connection, project["slug"].get<std::string>());
    if (id && allows(connection, bearer_token(request), *id, Scope::read)) {
      readable.push_back(project);
    }
  }
  return readable;
}

nlohmann::ordered_json alerts(db::Session& connection, int64_t project, const std::string& status) {
  static const std::vector<std::string> statuses = {"active", "acknowledged", "dismissed",
                                                    "resolved", "all"};
  if (std::find(statuses.begin(), statuses.end(), status) == statuses.end()) {
    throw InputError("status: one of active, acknowledged, dismissed, resolved, all");
  }
  auto result = connection.run(fmt::format(
      "SELECT a.id, a.status, a.kind, b.name, t.name, coalesce(r.commit_hash, ''), bm.name, "
      "m.slug, a.value, a.message, a.created::VARCHAR FROM alert a JOIN report r ON r.id = "
      "a.report JOIN branch b ON b.id = r.branch JOIN testbed t ON t.id = r.testbed JOIN "
      "benchmark bm ON bm.id = a.benchmark JOIN measure m ON m.id = a.measure "
      "WHERE r.project = {}{} ORDER BY a.id",
      project, status == "all" ? "" : " AND a.status = " + sql_quote(status)));
  auto& rows = *result;
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (uint64_t row = 0; row < rows.row_count(); ++row) {
    json.push_back({{"id", rows.int64(0, row)},
                    {"status", *rows.text(1, row)},
                    {"kind", *rows.text(2, row)},
                    {"branch", *rows.text(3, row)},
                    {"testbed", *rows.text(4, row)},
                    {"commit", *rows.text(5, row)},
                    {"benchmark", *rows.text(6, row)},
                    {"measure", *rows.text(7, row)},
                    {"value", rows.number(8, row)},
                    {"message", *rows.text(9, row)},
                    {"created", *rows.text(10, row)}});
  }
  return json;
}

void set_alert_status(db::Session& connection, int64_t project, int64_t id,
                      const std::string& status) {
  auto changed = connection.run(fmt::format(
      "UPDATE alert SET status = {}, updated = now()::TIMESTAMP WHERE id = {} AND report IN "
      "(SELECT id FROM report WHERE project = {}) RETURNING id",
      sql_quote(status), id, project));
  if (changed->row_count() == 0) throw HttpError(404, fmt::format("no alert {}", id));
}

detect::Threshold threshold_from(const nlohmann::json& body) {
  detect::Threshold threshold = detect::default_threshold();
  threshold.lower_boundary.reset();
  threshold.upper_boundary.reset();
  const auto text = [&](const char* key, std::string& out) {
    if (!body.contains(key)) return;
    if (!body[key].is_string()) throw InputError(std::string(key) + ": not a string");
    out = body[key].get<std::string>();
  };
  text("branch", threshold.branch);
  text("testbed", threshold.testbed);
  text("measure", threshold.measure);
  text("test", threshold.test);
  for (const auto& [key, target] :
       {std::pair{"lower", &threshold.lower_boundary}, {"upper", &threshold.upper_boundary}}) {
    if (!body.contains(key)) continue;
    if (!body[key].is_number()) throw InputError(std::string(key) + ": not a number");
    *target = body[key].get<double>();
  }
  if (body.contains("window")) {
    if (!body["window"].is_number_integer()) throw InputError("window: not a whole number");
    threshold.window_reports = body["window"].get<int64_t>();
  }
  if (body.contains("min_samples")) {
    if (!body["min_samples"].is_number_integer()) {
      throw InputError("min_samples: not a whole number");
    }
    threshold.min_sample_size = body["min_samples"].get<int64_t>();
  }
  return threshold;
}

int64_t path_number(const httplib::Request& request, std::size_t match) {
  try {
    return std::stoll(request.matches[match].str());
  } catch (const std::exception&) {
    throw HttpError(400, "not a number: " + request.matches[match].str());
  }
}

}  // namespace

Api::Api(Store& store, ServerLimits limits) : store_(store), limits_(limits) {}

void Api::install(httplib::Server& http) {
  http.set_payload_max_length(limits_.max_body_bytes);
  http.set_tcp_nodelay(true);  // answers are small: no delayed-ACK stall on keep-alive
  // Runs `handle`, turning exceptions into JSON errors.
  const auto route = [](auto handle) {
    return [handle](const httplib::Request& request, httplib::Response& response) {
      try {
        handle(request, response);
      } catch (const HttpError& error) {
        send_json(response, error.status, {{"error", error.what()}});
      } catch (const InputError& error) {
        send_json(response, 400, {{"error", error.what()}});
      } catch (const std::exception& error) {
        send_json(response, 500, {{"error", error.what()}});
      }
    };
  };
  // Runs `handle(request, response, session)` on a session of the store.
  const auto with_session = [this, route](auto handle) {
    return route([this, handle](const httplib::Request& request, httplib::Response& response) {
      store_.with_session([&](db::Session& session) { handle(request, response, session); });
    });
  };
  const std::string project = "/api/v1/projects/([A-Za-z0-9._-]+)";

  http.Get("/api/v1/health", route([](const auto&, auto& response) {
             send_json(response, 200, {{"status", "ok"}});
           }));
  http.Post("/api/v1/reports", route([this](const auto& request, auto& response) {
              const auto result = submit(store_, request);
              send_json(response, result["stored"].template get<bool>() ? 201 : 200, result);
            }));
  http.Get("/api/v1/projects",
           with_session([](const auto& request, auto& response, db::Session& connection) {
             send_json(response, 200, readable_projects(connection, request));
           }));
  http.Get(project + "/(branches|testbeds|benchmarks|measures|reports|metrics)",
           with_session([](const auto& request, auto& response, db::Session& connection) {
             const auto slug = request.matches[1].str();
             authorised_project(connection, request, slug, Scope::read);
             const ReportFilter filter{slug, request.get_param_value("branch"),
                                       request.get_param_value("testbed"),
                                       request.get_param_value("report")};
             send_json(response, 200, list(connection, request.matches[2].str(), filter).rows);
           }));
  http.Get(project + "/alerts",
           with_session([](const auto& request, auto& response, db::Session& connection) {
             const auto id =
                 authorised_project(connection, request, request.matches[1].str(), Scope::read);
             const auto status =
                 request.has_param("status") ? request.get_param_value("status") : "active";
             send_json(response, 200, alerts(connection, id, status));
           }));
  http.Post(project + "/alerts/([0-9]+)/(acknowledge|dismiss)",
            with_session([](const auto& request, auto& response, db::Session& connection) {
              const auto id =
                  authorised_project(connection, request, request.matches[1].str(), Scope::write);
              const auto status =
                  request.matches[3].str() == "dismiss" ? "dismissed" : "acknowledged";
              set_alert_status(connection, id, path_number(request, 2), status);
              send_json(response, 200, {{"alert", path_number(request, 2)}, {"status", status}});
            }));
  http.Get(project + "/thresholds",
           with_session([](const auto& request, auto& response, db::Session& connection) {
             const auto slug = request.matches[1].str();
             authorised_project(connection, request, slug, Scope::read);
             send_json(response, 200, detect::list_thresholds(connection, slug).rows);
           }));
  http.Post(project + "/thresholds",
            with_session([](const auto& request, auto& response, db::Session& connection) {
              const auto slug = request.matches[1].str();
              authorised_project(connection, request, slug, Scope::write);
              const auto id =
                  detect::add_threshold(connection, slug, threshold_from(parse_body(request)));
              send_json(response, 201, {{"threshold", id}});
            }));
  http.Delete(project + "/thresholds/([0-9]+)",
              with_session([](const auto& request, auto& response, db::Session& connection) {
                const auto project_id =
                    authorised_project(connection, request, request.matches[1].str(), Scope::write);
                const auto id = path_number(request, 2);
                auto owned = connection.run(fmt::format(
                    "SELECT 1 FROM threshold WHERE id = {} AND project = {}", id, project_id));
                if (owned->row_count() == 0)
                  throw HttpError(404, fmt::format("no threshold {}", id));
                detect::remove_threshold(connection, id);
                send_json(response, 200, {{"removed", id}});
              }));
  http.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    const auto message = response.status == 413   ? "body over the size limit"
                         : response.status == 404 ? "no such endpoint"
                                                  : "request refused";
    send_json(response, response.status, {{"error", message}});
  });
}

}  // namespace perfwatch::server
