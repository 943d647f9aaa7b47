#include "store/postgres.hpp"

#include <libpq-fe.h>

#include <charconv>

#include "core/error.hpp"

namespace perfwatch::pg {
namespace {

// Type ids of PostgreSQL's built-in types (pg_type.oid); fixed since its first releases.
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

// libpq's messages end with a newline and may run over several lines; the first says it.
std::string first_line(const char* message) {
  std::string text = message ? message : "unknown error";
  const auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

}  // namespace

Rows::~Rows() { PQclear(result_); }

uint64_t Rows::row_count() { return static_cast<uint64_t>(PQntuples(result_)); }
uint64_t Rows::column_count() { return static_cast<uint64_t>(PQnfields(result_)); }
std::string Rows::column_name(uint64_t column) {
  return PQfname(result_, static_cast<int>(column));
}

db::ColumnKind Rows::column_kind(uint64_t column) {
  switch (PQftype(result_, static_cast<int>(column))) {
    case kBool:
      return db::ColumnKind::boolean;
    case kInt2:
    case kInt4:
    case kInt8:
      return db::ColumnKind::integer;
    case kFloat4:
    case kFloat8:
    case kNumeric:
      return db::ColumnKind::real;
    default:
      return db::ColumnKind::text;
  }
}

bool Rows::is_null(uint64_t column, uint64_t row) {
  return PQgetisnull(result_, static_cast<int>(row), static_cast<int>(column)) != 0;
}

std::optional<std::string> Rows::text(uint64_t column, uint64_t row) {
  if (is_null(column, row)) return std::nullopt;
  return std::string(PQgetvalue(result_, static_cast<int>(row), static_cast<int>(column)));
}

int64_t Rows::int64(uint64_t column, uint64_t row) {
  if (is_null(column, row)) return 0;
  const std::string_view value =
      PQgetvalue(result_, static_cast<int>(row), static_cast<int>(column));
  if (value == "t") return 1;  // a boolean
  if (value == "f") return 0;
  int64_t number = 0;
  std::from_chars(value.data(), value.data() + value.size(), number);
  return number;
}

double Rows::number(uint64_t column, uint64_t row) {
  if (is_null(column, row)) return 0;
  return std::stod(PQgetvalue(result_, static_cast<int>(row), static_cast<int>(column)));
}

Connection::Connection(const std::string& url) {
  connection_ = PQconnectdb(url.c_str());
  if (!connection_) throw InputError("--postgres: cannot connect: out of memory");
  if (PQstatus(connection_) != CONNECTION_OK) {
    const auto reason = first_line(PQerrorMessage(connection_));
    PQfinish(connection_);
    throw InputError("--postgres: cannot connect: " + reason);
  }
  // Notices ("table already exists, skipping") are no news to perfwatch's users.
  PQsetNoticeProcessor(
      connection_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() { PQfinish(connection_); }

std::unique_ptr<Rows> Connection::checked(pg_result* result) {
  auto rows = std::make_unique<Rows>(result);
  const auto status = PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN) {
    return rows;
  }
  const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  throw Error(first_line(result ? PQresultErrorMessage(result) : PQerrorMessage(connection_)),
              sqlstate ? sqlstate : "");
}

std::unique_ptr<db::Rows> Connection::run(std::string_view sql) {
  return checked(PQexec(connection_, std::string(sql).c_str()));
}

std::unique_ptr<Rows> Connection::run(std::string_view sql, const Parameters& parameters) {
  std::vector<const char*> values;
  values.reserve(parameters.size());
  for (const auto& parameter : parameters)
    values.push_back(parameter ? parameter->c_str() : nullptr);
  return checked(PQexecParams(connection_, std::string(sql).c_str(),
                              static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                              nullptr, 0));
}

void Connection::copy_in(std::string_view copy_statement, std::string_view rows) {
  (void)checked(PQexec(connection_, std::string(copy_statement).c_str()));
  constexpr std::size_t kPiece = 1 << 20;  // PQputCopyData takes an int length
  bool sent = true;
  for (std::size_t at = 0; sent && at < rows.size(); at += kPiece) {
    const auto piece = rows.substr(at, kPiece);
    sent = PQputCopyData(connection_, piece.data(), static_cast<int>(piece.size())) == 1;
  }
  sent =
      PQputCopyEnd(connection_, sent ? nullptr : "perfwatch could not send the rows") == 1 && sent;
  // The COPY's outcome comes as the next result; every result must be collected before the
  // connection takes another statement.
  pg_result* outcome = PQgetResult(connection_);
  while (auto* extra = PQgetResult(connection_)) PQclear(extra);
  (void)checked(outcome);
  if (!sent) throw Error(first_line(PQerrorMessage(connection_)), "");
}

bool Connection::idle() const {
  return PQstatus(connection_) == CONNECTION_OK && PQtransactionStatus(connection_) == PQTRANS_IDLE;
}

void append_copy_field(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace perfwatch::pg
