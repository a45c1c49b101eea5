// Fuzzes `busytrap serve`'s configuration: the input is a TOML file (etc/busytrap.toml's
// format) applied over the defaults, or, when it starts with '@', lines "section.key=value" as
// given by --set flags and BUSYTRAP_* variables. Then the result is validated.
// Properties checked: the only exception that escapes is ConfigError (a clear operator error,
// never a crash or another exception); and a configuration that validates survives the
// round trip through to_toml (what `--print-config` shows is what the program runs with).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/config_loader.h"

using namespace busytrap::config;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const bool settings = !text.empty() && text[0] == '@';
  Config config;
  try {
    if (settings) {
      std::string_view rest = text.substr(1);
      while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        const std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        const std::size_t equals = line.find('=');
        apply_setting(config, line.substr(0, equals),
                      equals == std::string_view::npos ? std::string_view() : line.substr(equals + 1), "--set");
      }
    } else {
      apply_toml_text(config, text, "fuzz.toml");
    }
    validate(config);
  } catch (const ConfigError&) {
    return 0;
  }
  const std::string printed = to_toml(config);
  Config again;
  try {
    apply_toml_text(again, printed, "printed");
    validate(again);
  } catch (const ConfigError&) {
    std::abort();
  }
  if (to_toml(again) != printed) std::abort();
  return 0;
}
