// A report's context as JSON, the way a client sends it with a submission (api.hpp), and back.
#pragma once

#include <nlohmann/json.hpp>

#include "core/report_context.hpp"

namespace perfwatch::submit {

nlohmann::json context_to_json(const ReportContext& context);
// Throws InputError naming the key for a wrong type or a name that is empty or too long.
ReportContext context_from_json(const nlohmann::json& json);

}  // namespace perfwatch::submit
