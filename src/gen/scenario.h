#pragma once
// The scenario model of `busytrap gen`: each malware family (or noise source) is a Family, a
// data table of DialogueLine templates that a session sends in order (its opening, then its
// own lines). The tables themselves are
// in scenario_table.cpp; the session state machine (session_script.h) walks them.
//
// Template placeholders, expanded per session (see session_script.cpp):
//   {T} the family's busybox token (or a random 5-capital token per session)
//   {V} that token reversed (Mirai's IHCCE)    {0} a NUL byte if the session is a NUL-sender
//   {H} a download host (documentation ranges)  {A} the session's CPU architecture name
//   {D} the current writable directory (Repeat::kPerDir)   {W} the session's working directory
//   {P} a pid for `kill -9`                      {S} the session's Gafgyt script name
//   {C} the current dropper chunk as \xNN escapes (Repeat::kPerChunk)
//   {R} `>` for the first chunk, `>>` for the others   {L} a newline (multi-line input)
// All views point to static storage.
#include <cstdint>
#include <span>
#include <string_view>

namespace busytrap::gen {

enum class Protocol : std::uint8_t { kTelnet, kSsh };

enum class Repeat : std::uint8_t {
  kOnce,
  kPerDir,    // once for every writable directory the session found in /proc/mounts
  kPerChunk,  // once for every ≤128-byte chunk of the echo-loader dropper
};

// A per-session choice among up to four options (e.g. the upload method); lines may be
// restricted to some options of one group.
struct ChoiceGroup {
  std::uint16_t weights[4];
};

inline constexpr std::int8_t kAlways = -1;
// The option mask of a line sent for option a (or for several: in(0, 2)).
constexpr std::uint8_t in(int a) { return static_cast<std::uint8_t>(1u << a); }
constexpr std::uint8_t in(int a, int b) { return static_cast<std::uint8_t>(in(a) | in(b)); }
constexpr std::uint8_t in(int a, int b, int c) { return static_cast<std::uint8_t>(in(a, b) | in(c)); }

struct DialogueLine {
  std::string_view text;                 // the command record, a template
  std::uint8_t percent = 100;            // chance that the session sends this line
  Repeat repeat = Repeat::kOnce;
  std::int8_t group = kAlways;           // sent only if the session's choice in `group`
  std::uint8_t options = 0xF;            // is one of these (bit mask, see in())
  std::string_view not_found = {};       // if set: cowrie.command.failed for this (template)
  std::string_view download_url = {};    // if set: sometimes cowrie.session.file_download.failed
};

struct Family {
  std::string_view name;
  std::uint32_t weight;                  // relative share of sessions
  Protocol protocol;
  std::string_view token;                // "" = a random 5-capital token per session
  bool logs_in;                          // false: only failed logins, then the connection ends
  std::uint8_t min_failed_logins;
  std::uint8_t max_failed_logins;
  std::uint8_t nul_percent;              // share of sessions that end every word with NUL
  std::span<const ChoiceGroup> choices = {};
  std::span<const DialogueLine> opening = {};  // played first (shared device-CLI openings)
  std::span<const DialogueLine> lines = {};
  // The successful login's credentials; empty: drawn from credentials().
  std::string_view username = {};
  std::string_view password = {};
};

// The families in the order they are described in scenario_table.cpp.
std::span<const Family> families();

// Side tables the templates draw from.
struct Credential {
  std::string_view username;
  std::string_view password;
  std::uint32_t weight;
};
std::span<const Credential> credentials();  // the Mirai scanner's table (iot-malware.md §2)

struct Weighted {
  std::string_view text;
  std::uint32_t weight;
};
// A CPU architecture of the Mirai builds: its binary suffix ({A}) and the ELF header bytes
// the echo-loader dropper starts with.
struct Architecture {
  std::string_view suffix;
  std::uint32_t weight;
  std::uint8_t elf_data;      // EI_DATA: 1 little endian, 2 big endian
  std::uint16_t elf_machine;  // e_machine
};
std::span<const Architecture> architectures();
std::span<const Weighted> cowrie_architectures();  // cowrie.session.params "arch" values
std::span<const Weighted> gafgyt_scripts();        // {S}
std::span<const Weighted> kill_pids();             // {P}
std::span<const std::string_view> writable_dirs(); // {D}/{W}, in /proc/mounts order
// SSH clients of the noise sessions: the version string they announce (bare; Cowrie's JSON
// wraps it in a Python bytes repr) and cowrie.client.kex's fields (pre-rendered JSON, between
// "eventid" and "message").
struct SshClient {
  std::string_view version;
  std::string_view hassh;
  std::string_view kex_json_fields;
  std::uint32_t weight;
};
std::span<const SshClient> ssh_clients();

}  // namespace busytrap::gen
