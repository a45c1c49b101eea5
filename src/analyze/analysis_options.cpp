#include "analyze/analysis_options.h"

namespace busytrap::analyze {

std::string_view protocol_name(Protocol protocol) noexcept {
  switch (protocol) {
    case Protocol::Telnet: return "telnet";
    case Protocol::Ssh: return "ssh";
    case Protocol::Unknown: break;
  }
  return "unknown";
}

std::optional<ProtocolFilter> parse_protocol_filter(std::string_view name) noexcept {
  if (name == "all") return ProtocolFilter::All;
  if (name == "telnet") return ProtocolFilter::Telnet;
  if (name == "ssh") return ProtocolFilter::Ssh;
  return std::nullopt;
}

std::string_view protocol_filter_name(ProtocolFilter filter) noexcept {
  switch (filter) {
    case ProtocolFilter::Telnet: return "telnet";
    case ProtocolFilter::Ssh: return "ssh";
    case ProtocolFilter::All: break;
  }
  return "all";
}

std::optional<InputFormat> parse_input_format(std::string_view name) noexcept {
  if (name == "auto") return InputFormat::Auto;
  if (name == "cowrie-json" || name == "json") return InputFormat::CowrieJson;
  if (name == "cowrie-text" || name == "text") return InputFormat::CowrieText;
  if (name == "plain") return InputFormat::Plain;
  return std::nullopt;
}

std::string_view input_format_name(InputFormat format) noexcept {
  switch (format) {
    case InputFormat::CowrieJson: return "cowrie-json";
    case InputFormat::CowrieText: return "cowrie-text";
    case InputFormat::Plain: return "plain";
    case InputFormat::Auto: break;
  }
  return "auto";
}

}  // namespace busytrap::analyze
