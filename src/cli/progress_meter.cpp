#include "cli/progress_meter.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace busytrap::cli {
namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(200);
constexpr int kBarWidth = 24;

std::string human_bytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB"};
  std::size_t unit = 0;
  while (bytes >= 1000 && unit + 1 < std::size(kUnits)) {
    bytes /= 1000;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, kUnits[unit]);
  return buf;
}

std::string clock_text(double seconds) {
  if (!(seconds >= 0) || seconds > 359'999) return "--:--";
  const auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace

ProgressMeter::ProgressMeter(std::uint64_t total_bytes, bool enabled)
    : total_(total_bytes), enabled_(enabled), started_(std::chrono::steady_clock::now()) {}

bool ProgressMeter::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

std::uint64_t ProgressMeter::known_total(const std::vector<std::string>& paths) {
  std::uint64_t total = 0;
  for (const std::string& path : paths) {
    struct stat info {};
    if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return 0;
    unsigned char magic[2] = {0, 0};
    std::ifstream(path, std::ios::binary).read(reinterpret_cast<char*>(magic), 2);
    if (magic[0] == 0x1f && magic[1] == 0x8b) return 0;
    total += static_cast<std::uint64_t>(info.st_size);
  }
  return total;
}

std::string ProgressMeter::line(std::uint64_t done, std::uint64_t total, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string out;
  if (total > 0) {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const int filled = static_cast<int>(fraction * kBarWidth);
    out = "[" + std::string(static_cast<std::size_t>(filled), '#') +
          std::string(static_cast<std::size_t>(kBarWidth - filled), '.') + "] ";
    char percent[16];
    std::snprintf(percent, sizeof percent, "%3.0f%% ", fraction * 100);
    out += percent + human_bytes(static_cast<double>(done)) + " / " + human_bytes(static_cast<double>(total));
    out += "  " + human_bytes(rate) + "/s";
    const double left = rate > 0 ? static_cast<double>(total > done ? total - done : 0) / rate : -1;
    out += "  ETA " + clock_text(left);
  } else {
    out = human_bytes(static_cast<double>(done)) + " read  " + human_bytes(rate) + "/s  " + clock_text(seconds);
  }
  return out;
}

void ProgressMeter::draw(std::uint64_t done, bool final) {
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - started_).count();
  std::string text;
  if (final) {
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", seconds);
    text = "\r\033[Kbusytrap analyze: " + human_bytes(static_cast<double>(done)) + " in " + buf + " s (" +
           human_bytes(rate) + "/s)\n";
  } else {
    text = "\r\033[K" + line(done, total_, seconds);
  }
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  last_draw_ = now;
  drawn_ = true;
}

void ProgressMeter::update(std::uint64_t bytes_done) {
  if (!enabled_) return;
  if (drawn_ && std::chrono::steady_clock::now() - last_draw_ < kRedrawEvery) return;
  draw(bytes_done, false);
}

void ProgressMeter::finish(std::uint64_t bytes_done) {
  if (!enabled_) return;
  draw(bytes_done, true);
  enabled_ = false;
}

}  // namespace busytrap::cli
