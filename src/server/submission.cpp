#include "server/submission.hpp"

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"
#include "submit/context_json.hpp"

namespace perfwatch::server {

ReportRecord parse_submission(const nlohmann::json& body) {
  if (!body.contains("context")) throw InputError("context: missing");
  ReportRecord submission;
  submission.context = submit::context_from_json(body["context"]);
  if (!body.contains("content") || !body["content"].is_string()) {
    throw InputError("content: missing or not a string");
  }
  const auto& context = submission.context;
  const InputFile input{context.source.empty() ? "submission" : context.source,
                        body["content"].get<std::string>()};
  const std::string requested = body.value("adapter", "auto");
  const Adapter* adapter =
      requested == "auto" ? find_detected_adapter(input) : find_adapter(requested);
  if (adapter == nullptr) {
    throw InputError(requested == "auto" ? "content: not a format perfwatch reads"
                                         : "adapter: unknown adapter '" + requested + "'");
  }
  submission.context.adapter = adapter->name();
  submission.content_hash = sha256_hex(input.text);
  adapter->parse(input, submission);
  if (submission.metrics.empty() && submission.failures.empty()) {
    throw InputError(input.name + ": holds no benchmark results; nothing was stored");
  }
  return submission;
}

}  // namespace perfwatch::server
