#include "server/dashboard.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <fstream>
#include <sstream>

#include "core/sha256.hpp"
#include "report/markup.hpp"
#include "server/live_assets.hpp"
#include "store/listing.hpp"
#include "store/postgres_mirror.hpp"
#include "store/tokens.hpp"

namespace perfwatch::server {
namespace fs = std::filesystem;
namespace {

// The token a request carries: "Bearer TOKEN", or HTTP Basic auth with the token as password
// (what a browser sends after asking its user), any user name.
std::string request_token(const httplib::Request& request) {
  const auto header = request.get_header_value("Authorization");
  if (header.starts_with("Bearer ")) return header.substr(7);
  if (!header.starts_with("Basic ")) return {};
  const auto encoded = header.substr(6);
  std::string decoded(encoded.size(), '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                     reinterpret_cast<const unsigned char*>(encoded.data()),
                                     static_cast<int>(encoded.size()));
  if (length < 0) return {};
  decoded.resize(static_cast<std::size_t>(length));
  decoded.erase(decoded.find_last_not_of('\0') + 1);  // padding decodes to zero bytes
  const auto colon = decoded.find(':');
  return colon == std::string::npos ? std::string() : decoded.substr(colon + 1);
}

void refuse(httplib::Response& response, int status, const std::string& message) {
  response.status = status;
  if (status == 401) response.set_header("WWW-Authenticate", "Basic realm=\"perfwatch\"");
  response.set_content(message + "\n", "text/plain; charset=utf-8");
}

// A path inside a site: letters, digits, '.', '_', '-' and '/', no "..", nothing absolute.
bool is_site_path(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.find("..") != std::string::npos) return false;
  return path.find_first_not_of(
             "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-") ==
         std::string::npos;
}

std::string content_type(const fs::path& file) {
  const auto extension = file.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".json") return "application/json";
  return "application/octet-stream";
}

std::optional<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string_view live_script() {
  for (const auto& asset : live_assets()) {
    if (asset.name == "live.js") return asset.content;
  }
  throw std::logic_error("live.js missing from the build");
}

}  // namespace

SiteWriter duckdb_site_writer(Database& database) {
  struct Reader {
    std::mutex mutex;  // one site at a time on the connection
    std::unique_ptr<db::Connection> connection;
  };
  auto reader = std::make_shared<Reader>();
  reader->connection = database.connect();
  return [reader](const fs::path& out, const report::SiteOptions& options) {
    std::lock_guard lock(reader->mutex);
    report::write_site(*reader->connection, out, options);
  };
}

SiteWriter postgres_site_writer(std::string url) {
  return [url = std::move(url)](const fs::path& out, const report::SiteOptions& options) {
    pg::Connection source(url);
    const auto mirror = pg::mirror_project(source, options.project);
    report::write_site(mirror->connection(), out, options);
  };
}

Dashboard::Dashboard(Store& store, SiteWriter write_site, DashboardOptions options)
    : store_(store), write_site_(std::move(write_site)), options_(std::move(options)) {}

Dashboard::Site& Dashboard::site(const std::string& slug) {
  std::lock_guard lock(sites_mutex_);
  auto& site = sites_[slug];
  if (!site) site = std::make_unique<Site>();
  return *site;
}

std::string Dashboard::version_of(int64_t project_id) {
  // What the site shows changes with a new report, an alert raised or changed, or a threshold
  // added or removed; reports and thresholds are never edited in place.
  std::string state;
  store_.with_session([&](db::Session& session) { state = project_state(session, project_id); });
  return sha256_hex(state).substr(0, 16);
}

std::string Dashboard::fresh_site(const std::string& slug, int64_t project_id) {
  auto& site = this->site(slug);
  std::lock_guard lock(site.mutex);
  const auto version = version_of(project_id);
  const auto now = std::chrono::steady_clock::now();
  if (version == site.version) return site.version;
  if (!site.version.empty() && now - site.written < options_.refresh) return site.version;
  report::SiteOptions site_options;
  site_options.project = slug;
  site_options.title = options_.title + " · " + slug;
  write_site_(options_.folder / slug, site_options);
  site.version = version;
  site.written = now;
  return version;
}

void Dashboard::install(httplib::Server& http) {
  // The project's id when the request may read it; otherwise answers 401/404 and returns none.
  const auto readable = [this](const httplib::Request& request, httplib::Response& response,
                               const std::string& slug) -> std::optional<int64_t> {
    const auto token = request_token(request);
    std::optional<int64_t> project_id;
    bool allowed = false;
    store_.with_session([&](db::Session& session) {
      project_id = store::project_id(session, slug);
      if (project_id) allowed = store::allows(session, token, *project_id, store::Scope::read);
    });
    if (allowed) return project_id;
    if (token.empty() && project_id) {
      refuse(response, 401, "project '" + slug + "' needs a read token (as the password)");
    } else {
      refuse(response, 404, "no project '" + slug + "' this token may read");
    }
    return std::nullopt;
  };
  const auto guarded = [](auto handle) {
    return [handle](const httplib::Request& request, httplib::Response& response) {
      try {
        handle(request, response);
      } catch (const std::exception& error) {
        refuse(response, 500, error.what());
      }
    };
  };

  http.Get("/", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/dashboard/");
  });
  // Browsers ask for an icon of every site they show; the pages have none.
  http.Get("/favicon.ico",
           [](const httplib::Request&, httplib::Response& response) { response.status = 204; });
  http.Get("/dashboard/live.js", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::string(live_script()), "text/javascript; charset=utf-8");
  });
  http.Get("/dashboard/", guarded([this](const httplib::Request&, httplib::Response& response) {
             std::string links;
             store_.with_session([&](db::Session& session) {
               for (const auto& slug : store::public_projects(session)) {
                 links += fmt::format("<li><a href=\"{0}/\">{0}</a></li>\n",
                                      report::escape_markup(slug));
               }
             });
             response.set_content(
                 fmt::format("<!doctype html><meta charset=\"utf-8\"><title>{0}</title>"
                             "<h1>{0}</h1><p>Projects anyone may read:</p><ul>\n{1}</ul>"
                             "<p>Another project opens at /dashboard/PROJECT/ with a read "
                             "token as the password.</p>\n",
                             report::escape_markup(options_.title),
                             links.empty() ? "<li>none</li>\n" : links),
                 "text/html; charset=utf-8");
           }));
  http.Get("/dashboard/([A-Za-z0-9._-]+)",
           [](const httplib::Request& request, httplib::Response& response) {
             response.set_redirect(request.path + "/");
           });
  http.Get("/dashboard/([A-Za-z0-9._-]+)/version",
           guarded([this, readable](const httplib::Request& request, httplib::Response& response) {
             const auto slug = request.matches[1].str();
             const auto project_id = readable(request, response, slug);
             if (!project_id) return;
             response.set_header("Cache-Control", "no-store");
             response.set_content(nlohmann::json{{"version", version_of(*project_id)}}.dump(),
                                  "application/json");
           }));
  http.Get("/dashboard/([A-Za-z0-9._-]+)/(.*)",
           guarded([this, readable](const httplib::Request& request, httplib::Response& response) {
             const auto slug = request.matches[1].str();
             auto path = request.matches[2].str();
             if (path.empty()) path = "index.html";
             if (!is_site_path(path)) return refuse(response, 404, "no such page: " + path);
             const auto project_id = readable(request, response, slug);
             if (!project_id) return;
             // A page is the moment a reader looks: its data is brought up to date first; the
             // data files it then loads belong to that same site.
             const bool page = path.ends_with(".html");
             std::string version;
             if (page || !fs::exists(options_.folder / slug)) {
               version = fresh_site(slug, *project_id);
             }
             auto content = read_file(options_.folder / slug / path);
             if (!content) return refuse(response, 404, "no such page: " + path);
             if (page) {
               const auto body_end = content->rfind("</body>");
               content->insert(body_end == std::string::npos ? content->size() : body_end,
                               fmt::format("<script src=\"/dashboard/live.js\" "
                                           "data-project=\"{}\" data-version=\"{}\"></script>\n",
                                           report::escape_markup(slug), version));
             }
             response.set_header("Cache-Control", "no-cache");
             response.set_content(std::move(*content), content_type(path));
           }));
}

}  // namespace perfwatch::server
