// core: SHA-256 (OpenSSL's), in lower-case hex.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace perfwatch {

// Lower-case hex SHA-256 of data.
std::string sha256_hex(std::string_view data);

// SHA-256 of data given piece by piece.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  // The digest of everything given, in lower-case hex; call once, last.
  std::string hex();

 private:
  struct FreeContext {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, FreeContext> context_;
};

}  // namespace perfwatch
