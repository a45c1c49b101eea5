#include "vfs/device_state_cache.h"

namespace busytrap::vfs {

std::optional<RememberedDevice> DeviceStateCache::find(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  ages_.splice(ages_.begin(), ages_, it->second.age);
  return it->second.state;
}

void DeviceStateCache::remember(const std::string& key, RememberedDevice state) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= cost(it->second.state);
    ages_.erase(it->second.age);
    entries_.erase(it);
  }
  if (max_entries_ == 0 || cost(state) > max_bytes_) return;
  bytes_ += cost(state);
  ages_.push_front(key);
  entries_.emplace(key, Entry{std::move(state), ages_.begin()});
  evict_locked();
}

void DeviceStateCache::evict_locked() {
  while (!ages_.empty() && (entries_.size() > max_entries_ || bytes_ > max_bytes_)) {
    auto it = entries_.find(ages_.back());
    bytes_ -= cost(it->second.state);
    entries_.erase(it);
    ages_.pop_back();
  }
}

std::size_t DeviceStateCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace busytrap::vfs
