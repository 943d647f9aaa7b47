#include "server/api.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "core/error.hpp"
#include "detect/threshold.hpp"
#include "server/submission.hpp"
#include "store/alerts.hpp"
#include "store/listing.hpp"
#include "store/thresholds.hpp"
#include "store/tokens.hpp"

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

using store::Scope;

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
  const auto id = store::project_id(connection, slug);
  if (id && store::allows(connection, token, *id, scope)) return *id;
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
    const auto id = store::project_id(connection, project["slug"].get<std::string>());
    if (id && store::allows(connection, bearer_token(request), *id, Scope::read)) {
      readable.push_back(project);
    }
  }
  return readable;
}

nlohmann::ordered_json alerts(db::Session& connection, int64_t project, const std::string& status) {
  store::check_alert_status(status, "status");
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (const auto& alert :
       store::list_alerts(connection, {.status = status, .project = {}, .project_id = project})) {
    json.push_back(store::to_json(alert));
  }
  return json;
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

// The threshold of the body, validated (detect::validate_threshold), for project `slug`.
store::StoredThreshold stored_threshold(const std::string& slug, const nlohmann::json& body) {
  const auto threshold = threshold_from(body);
  detect::validate_threshold(threshold);
  return detect::to_stored(threshold, slug);
}

int64_t path_number(const httplib::Request& request, std::size_t match) {
  try {
    return std::stoll(request.matches[match].str());
  } catch (const std::exception&) {
    throw HttpError(400, "not a number: " + request.matches[match].str());
  }
}

}  // namespace

Api::Api(Store& store, ServerLimits limits, CommandRunner run_command)
    : store_(store), limits_(limits), run_command_(std::move(run_command)) {}

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
              if (!store::set_alert_status(connection, path_number(request, 2), status, id)) {
                throw HttpError(404, fmt::format("no alert {}", path_number(request, 2)));
              }
              send_json(response, 200, {{"alert", path_number(request, 2)}, {"status", status}});
            }));
  http.Get(project + "/thresholds",
           with_session([](const auto& request, auto& response, db::Session& connection) {
             const auto slug = request.matches[1].str();
             authorised_project(connection, request, slug, Scope::read);
             send_json(response, 200,
                       store::threshold_listing(store::list_thresholds(connection, slug)).rows);
           }));
  http.Post(project + "/thresholds",
            with_session([](const auto& request, auto& response, db::Session& connection) {
              const auto slug = request.matches[1].str();
              authorised_project(connection, request, slug, Scope::write);
              const auto id =
                  store::add_threshold(connection, stored_threshold(slug, parse_body(request)));
              send_json(response, 201, {{"threshold", id}});
            }));
  http.Delete(project + "/thresholds/([0-9]+)",
              with_session([](const auto& request, auto& response, db::Session& connection) {
                const auto project_id =
                    authorised_project(connection, request, request.matches[1].str(), Scope::write);
                const auto id = path_number(request, 2);
                if (!store::remove_threshold(connection, id, project_id)) {
                  throw HttpError(404, fmt::format("no threshold {}", id));
                }
                send_json(response, 200, {{"removed", id}});
              }));
  // check and report for a client: a known token that may read the project, before the body is
  // read; the command stores what it stores itself (check: its alerts).
  http.Post(project + "/(check|report)",
            route([this](const httplib::Request& request, httplib::Response& response) {
              if (!store_.knows_token(bearer_token(request))) {
                throw HttpError(401, "this needs a valid token: Authorization: Bearer TOKEN");
              }
              store_.with_session([&](db::Session& session) {
                const auto slug = request.matches[1].str();
                authorised_project(session, request, slug, Scope::read);
                auto options = parse_body(request);
                options["project"] = slug;
                const auto run = run_command_(request.matches[2].str(), options, session);
                const nlohmann::json answer = {{"exit_code", run.exit_code},
                                               {"output", run.output},
                                               {"messages", run.messages},
                                               {"step_summary", run.step_summary}};
                send_json(response, 200, answer);
              });
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
