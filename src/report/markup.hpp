// Text placed into HTML, SVG or XML markup.
#pragma once

#include <string>
#include <string_view>

namespace perfwatch::report {

// text with &, <, > and " replaced by their entities: safe as element text and in a quoted
// attribute of HTML, SVG and XML.
std::string escape_markup(std::string_view text);

}  // namespace perfwatch::report
