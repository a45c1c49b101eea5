#pragma once
// The stylesheet and the script inlined into every `html` report (the page loads nothing else).
// The script only makes tables sortable by a click on a column header; the page reads the same
// without it. html_script_source() is the exact text between <script> and </script>;
// html_script_csp_hash() is its 'sha256-…' source expression for the page's
// Content-Security-Policy, so that no other script (an injected one included) can run.
#include <string>
#include <string_view>

namespace busytrap::analyze {

std::string_view html_stylesheet() noexcept;
std::string_view html_script_source() noexcept;
const std::string& html_script_csp_hash();

}  // namespace busytrap::analyze
