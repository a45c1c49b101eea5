#pragma once
// CowrieTextWriter: Cowrie's Twisted text log (cowrie.log), one line per event, e.g.
//   2017-10-07T14:53:57+0000 [CowrieTelnetTransport,1,1.2.3.4] CMD: enable
// Connections are announced by the factory ("[cowrie.telnet.transport.HoneyPotTelnetFactory]
// New connection: …"); every later line of a session names its transport, connection number
// and source IP, and the session ends with "Connection lost after N seconds". A command that
// contains newlines continues on lines starting with a TAB, as Cowrie writes it. Events the text
// log does not show (session.params) are skipped.
#include <string>

#include "gen/event_writer.h"
#include "gen/timestamp_formatter.h"

namespace busytrap::gen {

class CowrieTextWriter final : public EventWriter {
 public:
  explicit CowrieTextWriter(std::string dst_ip);
  void write(const GenEvent& event, OutputBuffer& out) override;

 private:
  void write_prefix(const GenEvent& event, OutputBuffer& out);
  static void write_continued(std::string_view text, OutputBuffer& out);

  std::string dst_ip_;
  TimestampFormatter timestamps_;
};

}  // namespace busytrap::gen
