#include "analyze/report/paper_reference.h"

#include <array>
#include <string>

namespace busytrap::analyze {
namespace {

constexpr std::array<PaperRow, 20> kTable1 = {{
    {"/bin/busybox BAT", 473792},
    {"sh", 173762},
    {"shell", 172186},
    {"/bin/busybox ECCHI", 169204},
    {"system", 111822},
    {"enable", 68004},
    {"/bin/busybox kill -9 2232", 44150},
    {"cd /tmp || cd /var/run || cd /mnt || cd /root || cd /", 42179},
    {"bin/busybox rm /dev/.nippon", 38848},
    {"/bin/busybox cat /dev/.nippon", 38840},
    {"/bin/busybox echo -e '\\\\x6b\\\\x61\\\\x6d\\\\x69/dev' > /dev/.nippon", 38303},
    {"sh ftp1.sh", 36575},
    {"chmod 777 tftp1.sh", 34445},
    {"sh tftp1.sh", 34445},
    {"sh tftp2.sh", 34445},
    {"chmod 777 tftp2.sh", 34411},
    {"rm -rf *", 33032},
    {"chmod 777 cunty.sh", 32059},
    {"sh cunty.sh", 32059},
    {"/bin/busybox wget", 30403},
}};

constexpr std::array<PaperRow, 15> kTable2 = {{
    {"/bin/busybox BAT", 473792},
    {"echo", 399583},
    {"sh", 327915},
    {"/bin/busybox cat", 311704},
    {"/bin/busybox rm", 308515},
    {"/bin/busybox echo", 288706},
    {"shell", 172186},
    {"/bin/busybox ECCHI", 169204},
    {"rm", 164416},
    {"chmod", 124659},
    {"system", 111822},
    {"tftp", 80916},
    {"enable", 68004},
    {"/bin/busybox kill", 66760},
    {"/bin/busybox chmod", 61423},
}};

constexpr std::array<PaperRow, 6> kTable3 = {{
    {"sh", 327915}, {"rm", 164416}, {"chmod", 124659}, {"tftp", 80916}, {"wget", 42745}, {"ftpget", 38314},
}};

}  // namespace

std::span<const PaperRow> paper_table(std::string_view table_id) noexcept {
  if (table_id == "command_lines") return kTable1;
  if (table_id == "program_names") return kTable2;
  if (table_id == "linux_programs") return kTable3;
  return {};
}

std::optional<std::pair<std::size_t, std::uint64_t>> paper_figure(std::string_view table_id,
                                                                  std::string_view key) noexcept {
  // The paper prints the loader's `\x6b` escapes with doubled backslashes; a log holds them
  // single (as the malware typed them), so either spelling matches.
  const auto rows = paper_table(table_id);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].key == key) return std::make_pair(i + 1, rows[i].count);
    std::string single(rows[i].key);
    for (std::size_t at = single.find("\\\\"); at != std::string::npos; at = single.find("\\\\", at + 1)) {
      single.erase(at, 1);
    }
    if (single == key) return std::make_pair(i + 1, rows[i].count);
  }
  return std::nullopt;
}

}  // namespace busytrap::analyze
