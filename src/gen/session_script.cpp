#include "gen/session_script.h"

#include <algorithm>
#include <iterator>

namespace busytrap::gen {
namespace {

constexpr std::uint64_t kMask48 = (std::uint64_t{1} << 48) - 1;

// A bijection on 48-bit values (odd multiplications and xor-shifts), so that distinct serials
// give distinct session ids while looking random.
std::uint64_t mix48(std::uint64_t x) {
  x &= kMask48;
  x = (x * 0x9E3779B97F4BULL) & kMask48;
  x ^= x >> 23;
  x = (x * 0xC2B2AE3D27D5ULL) & kMask48;
  x ^= x >> 25;
  return x;
}

void write_hex48(std::uint64_t value, char (&out)[12]) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 11; i >= 0; --i) {
    out[i] = kHex[value & 0xF];
    value >>= 4;
  }
}

// Writes a dotted quad into `out` (room for 15 bytes); returns its length.
std::uint8_t write_ipv4(const std::uint8_t (&octets)[4], char* out) {
  std::uint8_t n = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) out[n++] = '.';
    const unsigned v = octets[i];
    if (v >= 100) out[n++] = static_cast<char>('0' + v / 100);
    if (v >= 10) out[n++] = static_cast<char>('0' + v / 10 % 10);
    out[n++] = static_cast<char>('0' + v % 10);
  }
  return n;
}

// A unicast address outside private, loopback, link-local, shared, documentation and
// multicast space: the first octet skips those blocks wholesale.
std::uint8_t public_looking_ipv4(Xoshiro256& rng, char* out) {
  std::uint8_t first = static_cast<std::uint8_t>(rng.between(1, 223));
  switch (first) {
    case 10: case 100: case 127: case 169: case 172: case 192: case 198: case 203:
      ++first;
      break;
    default:
      break;
  }
  const std::uint8_t octets[4] = {first, static_cast<std::uint8_t>(rng.below(256)),
                                  static_cast<std::uint8_t>(rng.below(256)),
                                  static_cast<std::uint8_t>(rng.between(1, 254))};
  return write_ipv4(octets, out);
}

// A download host in the documentation ranges (RFC 5737): text only, nothing connects to it.
std::uint8_t documentation_ipv4(Xoshiro256& rng, char* out) {
  static constexpr std::uint8_t kNets[3][3] = {{192, 0, 2}, {198, 51, 100}, {203, 0, 113}};
  const auto& net = kNets[rng.below(3)];
  const std::uint8_t octets[4] = {net[0], net[1], net[2], static_cast<std::uint8_t>(rng.between(1, 254))};
  return write_ipv4(octets, out);
}

std::uint8_t pick_option(const ChoiceGroup& group, Xoshiro256& rng) {
  std::uint32_t total = 0;
  for (const auto w : group.weights) total += w;
  if (total == 0) return 0;
  std::uint32_t r = rng.below(total);
  for (std::uint8_t i = 0; i < 4; ++i) {
    if (r < group.weights[i]) return i;
    r -= group.weights[i];
  }
  return 0;
}

}  // namespace

void SessionScript::start(const ScenarioSampler& sampler, Xoshiro256& rng, std::uint64_t serial,
                          std::uint64_t id_key) {
  family_ = &sampler.family(rng);
  info_ = SessionInfo{};
  write_hex48(mix48(serial ^ id_key), info_.id);
  info_.src_ip_length = public_looking_ipv4(rng, info_.src_ip);
  info_.src_port = static_cast<std::uint16_t>(rng.between(1025, 65535));
  info_.protocol = family_->protocol;
  // Cowrie's default listeners; the attacker's port 22/23/2323 is redirected to them, and the
  // log records the listener's port (as in shared/data/real).
  info_.dst_port = family_->protocol == Protocol::kSsh ? 2222 : 2223;
  info_.transport_number = serial;
  ssh_client_ = family_->protocol == Protocol::kSsh ? &sampler.ssh_client(rng) : nullptr;

  phase_ = Phase::kConnect;
  failed_logins_left_ =
      static_cast<std::uint8_t>(rng.between(family_->min_failed_logins, family_->max_failed_logins));
  nul_ = family_->nul_percent > 0 && rng.percent(family_->nul_percent);
  pending_not_found_ = pending_download_ = false;
  for (std::size_t g = 0; g < std::size(choices_); ++g) {
    choices_[g] = g < family_->choices.size() ? pick_option(family_->choices[g], rng) : 0;
  }

  if (family_->token.empty()) {
    token_length_ = 5;
    for (std::uint8_t i = 0; i < token_length_; ++i) token_[i] = static_cast<char>('A' + rng.below(26));
  } else {
    token_length_ = static_cast<std::uint8_t>(std::min(family_->token.size(), sizeof token_));
    std::copy_n(family_->token.data(), token_length_, token_);
  }
  host_length_ = documentation_ipv4(rng, host_);
  architecture_ = static_cast<std::uint8_t>(sampler.architecture(rng));
  cowrie_arch_ = sampler.cowrie_architecture(rng);
  script_ = sampler.gafgyt_script(rng);
  kill_pid_ = sampler.kill_pid(rng);

  // /dev is always probed (the Mirai loader adds it); every other rw mount of the fake
  // /proc/mounts shows up with a 3-in-4 chance.
  dir_count_ = 0;
  const std::size_t dirs = std::min(writable_dirs().size(), kMaxDirs);
  for (std::size_t d = 0; d < dirs; ++d) {
    if (d == 0 || rng.percent(75)) dirs_[dir_count_++] = static_cast<std::uint8_t>(d);
  }
  work_dir_ = dirs_[rng.below(dir_count_)];
  const auto chunks = sampler.dropper_chunks(architecture_);
  chunks_ = chunks.data();
  chunk_count_ = static_cast<std::uint32_t>(chunks.size());
  line_ = -1;
  repeat_ = repeat_count_ = 0;
}

bool SessionScript::next(const ScenarioSampler& sampler, Xoshiro256& rng, bool commands_allowed,
                         LineBuilder& scratch, GenEvent& event) {
  event.session = &info_;
  event.text = event.text2 = event.extra = {};
  if (phase_ == Phase::kDone) return false;

  // Companions of the command just sent come right after it, even past the record budget.
  if (pending_not_found_ || pending_download_) {
    const DialogueLine& line = line_at(line_);
    scratch.clear();
    if (pending_not_found_) {
      pending_not_found_ = false;
      expand(line.not_found, scratch);
      event.kind = EventKind::kCommandFailed;
    } else {
      pending_download_ = false;
      expand(line.download_url, scratch);
      event.kind = EventKind::kDownloadFailed;
    }
    event.text = scratch.view();
    return true;
  }

  if (!commands_allowed && phase_ != Phase::kClosed) {
    if (phase_ == Phase::kConnect) {
      phase_ = Phase::kDone;
      return false;
    }
    phase_ = Phase::kClosed;
  }

  switch (phase_) {
    case Phase::kConnect:
      event.kind = EventKind::kConnect;
      phase_ = ssh_client_ ? Phase::kClientVersion : Phase::kLogins;
      return true;
    case Phase::kClientVersion:
      event.kind = EventKind::kClientVersion;
      event.text = ssh_client_->version;
      phase_ = Phase::kClientKex;
      return true;
    case Phase::kClientKex:
      event.kind = EventKind::kClientKex;
      event.text = ssh_client_->hassh;
      event.extra = ssh_client_->kex_json_fields;
      phase_ = Phase::kLogins;
      return true;
    case Phase::kLogins: {
      const Credential& credential = sampler.credential(rng);
      event.text = credential.username;
      event.text2 = credential.password;
      if (failed_logins_left_ > 0) {
        --failed_logins_left_;
        event.kind = EventKind::kLoginFailed;
      } else if (family_->logs_in) {
        event.kind = EventKind::kLoginSuccess;
        if (!family_->username.empty()) {
          event.text = family_->username;
          event.text2 = family_->password;
        }
        phase_ = info_.protocol == Protocol::kTelnet ? Phase::kParams : Phase::kCommands;
      } else {
        event = GenEvent{EventKind::kClosed, 0, &info_, {}, {}, {}};
        phase_ = Phase::kDone;
      }
      return true;
    }
    case Phase::kParams:
      event.kind = EventKind::kSessionParams;
      event.text = cowrie_arch_;
      phase_ = Phase::kCommands;
      return true;
    case Phase::kCommands: {
      const bool more = (line_ >= 0 && repeat_ + 1 < repeat_count_) ? (++repeat_, true) : enter_next_line(rng);
      if (!more) break;
      const DialogueLine& line = line_at(line_);
      scratch.clear();
      expand(line.text, scratch);
      event.kind = EventKind::kCommandInput;
      event.text = scratch.view();
      pending_not_found_ = !line.not_found.empty();
      pending_download_ = !line.download_url.empty() && rng.percent(30);
      return true;
    }
    case Phase::kClosed:
    case Phase::kDone:
      break;
  }
  event.kind = EventKind::kClosed;
  phase_ = Phase::kDone;
  return true;
}

const DialogueLine& SessionScript::line_at(std::int32_t index) const {
  const auto at = static_cast<std::size_t>(index);
  return at < family_->opening.size() ? family_->opening[at] : family_->lines[at - family_->opening.size()];
}

std::int32_t SessionScript::line_count() const {
  return static_cast<std::int32_t>(family_->opening.size() + family_->lines.size());
}

bool SessionScript::enter_next_line(Xoshiro256& rng) {
  while (++line_ < line_count()) {
    const DialogueLine& line = line_at(line_);
    if (line.group != kAlways) {
      const std::uint8_t choice =
          static_cast<std::size_t>(line.group) < std::size(choices_) ? choices_[line.group] : 0;
      if ((line.options & (1u << choice)) == 0) continue;
    }
    if (line.percent < 100 && !rng.percent(line.percent)) continue;
    switch (line.repeat) {
      case Repeat::kOnce: repeat_count_ = 1; break;
      case Repeat::kPerDir: repeat_count_ = dir_count_; break;
      case Repeat::kPerChunk: repeat_count_ = chunk_count_; break;
    }
    if (repeat_count_ == 0) continue;
    repeat_ = 0;
    return true;
  }
  return false;
}

void SessionScript::expand(std::string_view text, LineBuilder& out) const {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t brace = text.find('{', at);
    if (brace == std::string_view::npos) {
      out.append(text.substr(at));
      return;
    }
    out.append(text.substr(at, brace - at));
    at = brace + 1;
    if (brace + 2 >= text.size() || text[brace + 2] != '}') {
      out.append('{');
      continue;
    }
    at = brace + 3;
    switch (text[brace + 1]) {
      case 'T': out.append(std::string_view(token_, token_length_)); break;
      case 'V':
        for (std::uint8_t i = token_length_; i > 0; --i) out.append(token_[i - 1]);
        break;
      case '0':
        if (nul_) out.append('\0');
        break;
      case 'H': out.append(std::string_view(host_, host_length_)); break;
      case 'A': out.append(architectures()[architecture_].suffix); break;
      case 'D':
        if (repeat_ < dir_count_) out.append(writable_dirs()[dirs_[repeat_]]);
        break;
      case 'W': out.append(writable_dirs()[work_dir_]); break;
      case 'P': out.append(kill_pid_); break;
      case 'S': out.append(script_); break;
      case 'C':
        if (repeat_ < chunk_count_) out.append(chunks_[repeat_]);
        break;
      case 'R': out.append(repeat_ == 0 ? std::string_view(">") : std::string_view(">>")); break;
      case 'L': out.append('\n'); break;
      default:  // not a placeholder: keep the text as it is
        out.append(text.substr(brace, 3));
        break;
    }
  }
}

}  // namespace busytrap::gen
