#include "capture/session_capture.h"

#include <map>

#include <fmt/format.h>

namespace busytrap::capture {

namespace {
constexpr std::uint64_t kMaxKeptBytes = 64u << 20;  // per session, beyond which old copies are not kept
}

std::string describe_provenance(vfs::Provenance provenance, std::uint32_t writes) {
  switch (provenance) {
    case vfs::Provenance::Redirect:
      return writes > 1 ? fmt::format("redirect+append ({} writes)", writes) : "redirect";
    case vfs::Provenance::Append: return writes > 1 ? fmt::format("append ({} writes)", writes) : "append";
    case vfs::Provenance::Copy: return "cp";
    case vfs::Provenance::Dd: return "dd";
    case vfs::Provenance::Download: return "download";
    case vfs::Provenance::Image: return "image";
  }
  return "unknown";
}

void SessionCapture::keep(const std::string& device_path, const vfs::Node& node) {
  if (!store_ || !node.data || node.data->empty()) return;
  if (kept_bytes_ + node.data->size() > kMaxKeptBytes) return;
  kept_bytes_ += node.data->size();
  kept_.push_back({device_path, node.data, node.provenance, node.chunk_writes});
}

std::vector<core::Event> SessionCapture::store(const Pending& p, std::string_view reason) {
  std::vector<core::Event> events;
  if (!store_ || !p.data || p.data->empty()) return events;
  StoredFile f = store_->store(*p.data);
  if (f.sha256.empty() || !announced_.insert(f.sha256).second) return events;
  core::Event e;
  e.eventid = "cowrie.session.file_download";
  e.message = fmt::format("Saved redir contents with SHA-256 {} to {}", f.sha256, f.path);
  e.with("shasum", f.sha256).with("outfile", f.path).with("destfile", p.path);
  e.with("duplicate", f.duplicate).with("size", static_cast<std::int64_t>(p.data->size()));
  e.with("built_by", describe_provenance(p.provenance, p.chunks)).with("captured_when", std::string(reason));
  if (!f.error.empty()) e.with("store_error", f.error);
  events.push_back(std::move(e));
  return events;
}

std::vector<core::Event> SessionCapture::capture_now(const std::string& device_path, const vfs::Node& node,
                                                     std::string_view reason) {
  return store({device_path, node.data, node.provenance, node.chunk_writes}, reason);
}

std::vector<core::Event> SessionCapture::record_download(const std::string& url, const std::string& device_path,
                                                        std::string_view bytes) {
  std::vector<core::Event> events;
  if (!store_) return events;
  StoredFile f = store_->store(bytes);
  if (f.sha256.empty()) return events;
  announced_.insert(f.sha256);
  core::Event e;
  e.eventid = "cowrie.session.file_download";
  e.message = fmt::format("Downloaded URL ({}) with SHA-256 {} to {}", url, f.sha256, f.path);
  e.with("url", url).with("outfile", f.path).with("shasum", f.sha256).with("destfile", device_path);
  e.with("duplicate", f.duplicate).with("size", static_cast<std::int64_t>(bytes.size()));
  if (!f.error.empty()) e.with("store_error", f.error);
  events.push_back(std::move(e));
  return events;
}

void SessionCapture::collect(const vfs::NodePtr& root, std::vector<Pending>& out) {
  // Iterative and without a depth limit: a file at any depth is the attacker's too (the tree
  // has no cycles: symlinks are not followed, and its size is bounded by the session quotas).
  // Depth first, children in name order; one path buffer grows and shrinks with the walk, so
  // the whole device image (hundreds of entries, walked at every session end) costs no string
  // per entry, only one per file collected.
  struct Level {
    const vfs::Node* directory;
    std::map<std::string, vfs::NodePtr, std::less<>>::const_iterator next;
    std::size_t path_length;  // of the directory's own path
  };
  if (!root || root->type != vfs::NodeType::Directory) return;
  std::string path;
  std::vector<Level> stack{{root.get(), root->children.begin(), 0}};
  while (!stack.empty()) {
    Level& level = stack.back();
    if (level.next == level.directory->children.end()) {
      stack.pop_back();
      continue;
    }
    const auto& [name, node] = *level.next++;
    path.resize(level.path_length);
    path += '/';
    path += name;
    if (!node) continue;
    if (node->type == vfs::NodeType::Directory) {
      stack.push_back({node.get(), node->children.begin(), path.size()});
    } else if (node->type == vfs::NodeType::File && node->attacker_written && node->data && !node->data->empty()) {
      out.push_back({path, node->data, node->provenance, node->chunk_writes});
    }
  }
}

std::vector<core::Event> SessionCapture::finish(const vfs::SessionFs& fs) {
  std::vector<Pending> all = std::move(kept_);
  kept_.clear();
  collect(fs.root(), all);
  std::vector<core::Event> events;
  for (const auto& p : all) {
    for (auto& e : store(p, "session end")) events.push_back(std::move(e));
  }
  return events;
}

}  // namespace busytrap::capture
