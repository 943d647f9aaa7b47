#include "cli/remote_command.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/github_actions.hpp"
#include "core/error.hpp"
#include "http/client.hpp"

namespace perfwatch::cli {

void add_server_options(CLI::App& parser, std::string& url, std::string& token,
                        std::string_view command) {
  parser.add_option("--server", url,
                    fmt::format("Have this results server (http://HOST:PORT, see perfwatch serve) "
                                "{} on its store instead of a database here; needs --project",
                                command));
  parser.add_option("--token", token, "A read token of the project for --server")
      ->envname("PERFWATCH_TOKEN");
}

nlohmann::json config_file_json(const std::string& config_path) {
  std::string path = config_path;
  if (path.empty() && std::filesystem::is_regular_file("perfwatch.toml")) path = "perfwatch.toml";
  if (path.empty()) return nullptr;
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  if (!file) throw InputError("--config: cannot read " + path);
  return {{"path", path}, {"text", text.str()}};
}

int run_on_server(const ServerTarget& target, std::string_view command,
                  const nlohmann::json& options) {
  if (target.project.empty()) {
    throw InputError("--project: required with --server (the server works on one project)");
  }
  (void)http::split_url(target.url, "--server");  // refuses what is not an http(s) URL
  std::string url = target.url;
  while (url.ends_with('/')) url.pop_back();
  http::HttpRequest request;
  request.method = "POST";
  request.url = fmt::format("{}/api/v1/projects/{}/{}", url, target.project, command);
  if (!target.token.empty())
    request.headers.emplace_back("Authorization", "Bearer " + target.token);
  request.body = options.dump();
  // The server runs the whole command before it answers.
  request.timeout = std::chrono::minutes(10);
  request.connect_timeout = std::chrono::seconds(10);
  const auto response = http::send(request);
  if (response.status == 0) {
    throw InputError(fmt::format("--server: cannot reach {}: {}", target.url, response.error));
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status != 200 || !body.is_object() || !body.contains("exit_code")) {
    const auto message = body.is_object() && body.contains("error") && body["error"].is_string()
                             ? body["error"].get<std::string>()
                             : response.body;
    throw InputError(
        fmt::format("--server: {} answered {}: {}", target.url, response.status, message));
  }
  std::cout << body.value("output", "");
  std::cerr << body.value("messages", "");
  if (const auto markdown = body.value("step_summary", ""); !markdown.empty()) {
    append_step_summary(markdown);
  }
  return body["exit_code"].get<int>();
}

detect::DetectionConfig config_of_client(const nlohmann::json& options) {
  const auto config = options.value("config", nlohmann::json());
  if (config.is_null()) return {};
  if (!config.is_object() || !config.value("path", nlohmann::json()).is_string() ||
      !config.value("text", nlohmann::json()).is_string()) {
    throw InputError("config: not {\"path\": ..., \"text\": ...}");
  }
  return detect::parse_detection_config(config["text"].get<std::string>(),
                                        config["path"].get<std::string>());
}

server::CommandRun run_for_client(std::string_view command, const nlohmann::json& options,
                                  db::Session& session) {
  if (command == "check") return check_for_client(options, session);
  return report_for_client(options, session);
}

}  // namespace perfwatch::cli
