// Finding where a JSON object or array ends without parsing it: the hot loop of
// JsonObjectMembers (a BMF file is almost all benchmark objects to skip over). On x86-64 it
// classifies 64 bytes at a time with SSE2 (part of every x86-64 CPU, so no run-time check);
// elsewhere, and for the rare bytes it leaves to it, a loop goes byte by byte.
#pragma once

namespace perfwatch {

// `start` points at '{' or '['. Returns the end of the value that starts there, just past the
// bracket that brings the count of open brackets outside strings back to zero (brackets are
// counted, not matched: "[}" is the parser's to refuse), or nullptr when [start, end) ends
// first. Strings are skipped with their escapes; any other byte, '\0' included, is passed over.
const char* skip_brackets(const char* start, const char* end);

}  // namespace perfwatch
