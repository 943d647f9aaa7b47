#include "store/report_store.hpp"

#include "core/sha256.hpp"

namespace perfwatch {

std::string report_id_for(const ReportContext& context, std::string_view content_hash) {
  std::string identity = context.project;
  for (std::string_view part :
       {std::string_view(context.testbed), std::string_view(context.git.commit), content_hash}) {
    identity += '\0';
    identity += part;
  }
  auto hex = sha256_hex(identity).substr(0, 32);
  hex[12] = '8';  // UUID version 8: a name-based UUID of our own making (RFC 9562)
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // RFC variant bits
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

PendingReport PendingReport::of(const ReportRecord& report) {
  return {&report.context, report.content_hash,
          [&report](MetricSink& sink) { report.replay(sink); }};
}

StoredReport ReportStore::store(const PendingReport& report) {
  return store(std::span<const PendingReport>(&report, 1)).front();
}

}  // namespace perfwatch
