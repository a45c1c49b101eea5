#include "vfs/session_fs.h"

#include <algorithm>
#include <ctime>

namespace busytrap::vfs {
namespace {

constexpr int kMaxSymlinkExpansions = 16;
// Linux's limits: PATH_MAX (4096) counts the terminating NUL, NAME_MAX (255) does not.
constexpr std::size_t kMaxPathBytes = 4095;
constexpr std::size_t kMaxNameBytes = 255;

// A path as the kernel reads it from a system call: a C string, so it ends at the first NUL.
std::string_view c_path(std::string_view path) { return path.substr(0, path.find('\0')); }

// ENAMETOOLONG for a path or one of its names beyond Linux's limits.
FsError check_lengths(std::string_view path) {
  if (path.size() > kMaxPathBytes) return FsError::NameTooLong;
  for (std::string_view name : split_path(path)) {
    if (name.size() > kMaxNameBytes) return FsError::NameTooLong;
  }
  return FsError::None;
}

std::string join(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out.push_back('/');
  out.append(name);
  return out;
}

// Copies `slot`'s node unless this session already owns it alone; image nodes are always
// referenced by the image as well, so they are never modified in place.
Node* make_private(NodePtr& slot) {
  if (slot.use_count() > 1) slot = std::make_shared<Node>(*slot);
  return slot.get();
}

}  // namespace

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = i;
    while (j < path.size() && path[j] != '/') ++j;
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

std::pair<std::string, std::string> split_parent(std::string_view canonical) {
  const std::size_t slash = canonical.rfind('/');
  if (slash == std::string_view::npos) return {"/", std::string(canonical)};
  std::string parent(canonical.substr(0, slash));
  if (parent.empty()) parent.assign(1, '/');
  return {parent, std::string(canonical.substr(slash + 1))};
}

SessionFs::SessionFs(NodePtr root, std::vector<MountRule> mounts, FsLimits limits, std::uint64_t already_written,
                     std::uint32_t already_created)
    : root_(std::move(root)),
      mounts_(std::move(mounts)),
      limits_(limits),
      bytes_written_(already_written),
      nodes_created_(already_created) {}

std::string SessionFs::absolute(std::string_view path, std::string_view cwd) {
  std::vector<std::string_view> stack;
  if (path.empty() || path[0] != '/') {
    for (std::string_view p : split_path(cwd)) stack.push_back(p);
  }
  for (std::string_view p : split_path(path)) {
    if (p == ".") continue;
    if (p == "..") {
      if (!stack.empty()) stack.pop_back();
      continue;
    }
    stack.push_back(p);
  }
  std::string out;
  for (std::string_view p : stack) {
    out.push_back('/');
    out.append(p);
  }
  return out.empty() ? "/" : out;
}

std::pair<FsError, Resolved> SessionFs::resolve(std::string_view abs_path, bool follow_last) const {
  abs_path = c_path(abs_path);
  if (FsError e = check_lengths(abs_path); e != FsError::None) return {e, {}};
  std::vector<std::string> pending;  // remaining components, reversed
  for (std::string_view p : split_path(abs_path)) pending.emplace_back(p);
  std::reverse(pending.begin(), pending.end());
  std::vector<std::pair<std::string, NodePtr>> stack;  // resolved components
  NodePtr current = root_;
  int expansions = 0;
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    if (name == ".") continue;
    if (name == "..") {
      if (!stack.empty()) stack.pop_back();
      current = stack.empty() ? root_ : stack.back().second;
      continue;
    }
    if (current->type != NodeType::Directory) return {FsError::NotDirectory, {}};
    auto it = current->children.find(name);
    if (it == current->children.end()) {
      if (!pending.empty()) return {FsError::NotFound, {}};
      std::string path;
      for (auto& [n, _] : stack) path += "/" + n;
      path += "/" + name;
      return {FsError::None, {path, nullptr}};
    }
    const NodePtr& child = it->second;
    if (child->type == NodeType::Symlink && (follow_last || !pending.empty())) {
      if (++expansions > kMaxSymlinkExpansions) return {FsError::Loop, {}};
      const std::string& target = child->link_target;
      if (!target.empty() && target[0] == '/') {
        stack.clear();
        current = root_;
      }
      auto parts = split_path(target);
      for (auto p = parts.rbegin(); p != parts.rend(); ++p) pending.emplace_back(*p);
      continue;
    }
    stack.emplace_back(name, child);
    current = child;
  }
  std::string path;
  for (auto& [n, _] : stack) path += "/" + n;
  if (path.empty()) path.assign(1, '/');
  return {FsError::None, {path, current}};
}

std::pair<FsError, NodePtr> SessionFs::lookup(std::string_view abs_path, bool follow_last) const {
  auto [err, r] = resolve(abs_path, follow_last);
  if (err != FsError::None) return {err, nullptr};
  if (!r.node) return {FsError::NotFound, nullptr};
  return {FsError::None, r.node};
}

MountKind SessionFs::mount_kind(std::string_view canonical) const {
  const MountRule* best = nullptr;
  for (const MountRule& m : mounts_) {
    const std::string& mp = m.mount_point;
    const bool covers = mp == "/" || canonical == mp ||
                        (canonical.starts_with(mp) && canonical.size() > mp.size() &&
                         canonical[mp.size()] == '/');
    if (covers && (!best || mp.size() > best->mount_point.size())) best = &m;
  }
  return best ? best->kind : MountKind::ReadOnly;
}

FsError SessionFs::check_writable(std::string_view canonical) const {
  switch (mount_kind(canonical)) {
    case MountKind::Writable: return FsError::None;
    case MountKind::ReadOnly: return FsError::ReadOnly;
    case MountKind::Proc: return FsError::NotFound;
    case MountKind::Sys: return FsError::PermissionDenied;
  }
  return FsError::ReadOnly;
}

FsError SessionFs::check_quota(std::uint64_t extra_bytes, bool new_node) {
  if (new_node && nodes_created_ >= limits_.max_new_nodes) return FsError::NoSpace;
  if (bytes_written_ + extra_bytes > limits_.max_total_bytes) return FsError::NoSpace;
  bytes_written_ += extra_bytes;
  if (new_node) ++nodes_created_;
  return FsError::None;
}

std::int64_t SessionFs::now() const { return static_cast<std::int64_t>(std::time(nullptr)); }

Node* SessionFs::private_directory(std::string_view canonical_dir) {
  Node* current = make_private(root_);
  for (std::string_view part : split_path(canonical_dir)) {
    auto it = current->children.find(part);
    if (it == current->children.end() || it->second->type != NodeType::Directory) return nullptr;
    current = make_private(it->second);
  }
  return current;
}

void SessionFs::discard(const std::string& path, const NodePtr& node) {
  if (on_discard_ && node && node->type == NodeType::File && node->attacker_written &&
      node->data && !node->data->empty()) {
    on_discard_(path, *node);
  }
}

void SessionFs::discard_tree(const std::string& path, const NodePtr& node) {
  if (!node) return;
  if (node->type == NodeType::Directory) {
    for (const auto& [name, child] : node->children) discard_tree(join(path, name), child);
  } else {
    discard(path, node);
  }
}

FsError SessionFs::write_file(std::string_view abs_path, std::string_view bytes, bool append,
                              Provenance provenance) {
  auto [err, r] = resolve(abs_path);
  if (err != FsError::None) return err;
  if (r.node && r.node->type == NodeType::Directory) return FsError::IsDirectory;
  if (r.node && r.node->type == NodeType::CharDevice) return FsError::None;  // /dev/null & co
  if (FsError w = check_writable(r.path); w != FsError::None) return w;
  const std::uint64_t old_size = (r.node && append) ? r.node->size() : 0;
  if (old_size + bytes.size() > limits_.max_file_bytes) return FsError::NoSpace;
  if (FsError q = check_quota(bytes.size(), !r.node); q != FsError::None) return q;
  auto [parent_path, name] = split_parent(r.path);
  Node* parent = private_directory(parent_path);
  if (!parent) return FsError::NotFound;
  auto it = parent->children.find(name);
  if (it == parent->children.end()) {
    auto file = make_file(std::string(bytes), 0644);
    file->mtime = now();
    file->attacker_written = true;
    file->provenance = provenance;
    file->chunk_writes = bytes.empty() ? 0 : 1;
    parent->children.emplace(name, std::move(file));
    return FsError::None;
  }
  if (!append) discard(r.path, it->second);
  Node* file = make_private(it->second);
  if (append && file->data) {
    if (file->data.use_count() > 1) file->data = std::make_shared<std::string>(*file->data);
    file->data->append(bytes);
  } else {
    file->data = std::make_shared<std::string>(bytes);
    file->chunk_writes = 0;
    file->provenance = provenance;
  }
  if (!bytes.empty()) ++file->chunk_writes;
  file->attacker_written = true;
  file->mtime = now();
  return FsError::None;
}

FsError SessionFs::make_directory(std::string_view abs_path, std::uint32_t mode, bool parents) {
  abs_path = c_path(abs_path);
  if (FsError e = check_lengths(abs_path); e != FsError::None) return e;
  if (parents) {
    std::string prefix;
    for (std::string_view part : split_path(abs_path)) {
      prefix += "/";
      prefix += part;
      auto [err, node] = lookup(prefix);
      if (err == FsError::None) {
        if (node->type != NodeType::Directory) return FsError::NotDirectory;
        continue;
      }
      if (FsError e = make_directory(prefix, mode, false); e != FsError::None) return e;
    }
    return FsError::None;
  }
  auto [err, r] = resolve(abs_path, false);
  if (err != FsError::None) return err;
  if (r.node) return FsError::Exists;
  if (FsError w = check_writable(r.path); w != FsError::None) return w;
  if (FsError q = check_quota(0, true); q != FsError::None) return q;
  auto [parent_path, name] = split_parent(r.path);
  Node* parent = private_directory(parent_path);
  if (!parent) return FsError::NotFound;
  auto dir = vfs::make_directory(mode);
  dir->mtime = now();
  parent->children.emplace(name, std::move(dir));
  return FsError::None;
}

FsError SessionFs::remove(std::string_view abs_path, bool recursive) {
  auto [err, r] = resolve(abs_path, false);
  if (err != FsError::None) return err;
  if (!r.node) return FsError::NotFound;
  if (r.path == "/") return FsError::Busy;
  if (r.node->type == NodeType::Directory && !recursive) return FsError::IsDirectory;
  if (FsError w = check_writable(r.path); w != FsError::None) return w;
  auto [parent_path, name] = split_parent(r.path);
  Node* parent = private_directory(parent_path);
  if (!parent) return FsError::NotFound;
  discard_tree(r.path, r.node);
  parent->children.erase(name);
  return FsError::None;
}

FsError SessionFs::rename(std::string_view from, std::string_view to) {
  auto [err, src] = resolve(from, false);
  if (err != FsError::None) return err;
  if (!src.node) return FsError::NotFound;
  auto [err2, dst] = resolve(to, false);
  if (err2 != FsError::None) return err2;
  if (dst.node && dst.node->type == NodeType::Directory) {
    auto [e3, inside] = resolve(dst.path + "/" + split_parent(src.path).second, false);
    if (e3 != FsError::None) return e3;
    dst = inside;
  }
  if (dst.path == src.path) return FsError::None;
  if (dst.path.starts_with(src.path + "/")) return FsError::Invalid;
  if (FsError w = check_writable(src.path); w != FsError::None) return w;
  if (FsError w = check_writable(dst.path); w != FsError::None) return w;
  if (dst.node && dst.node->type == NodeType::Directory) return FsError::IsDirectory;
  NodePtr moving = src.node;
  {
    auto [pp, name] = split_parent(src.path);
    Node* parent = private_directory(pp);
    if (!parent) return FsError::NotFound;
    parent->children.erase(name);
  }
  auto [pp, name] = split_parent(dst.path);
  Node* parent = private_directory(pp);
  if (!parent) return FsError::NotFound;
  if (dst.node) discard(dst.path, dst.node);
  parent->children[name] = std::move(moving);
  return FsError::None;
}

FsError SessionFs::copy_file(std::string_view from, std::string_view to) {
  auto [err, src] = lookup(from);
  if (err != FsError::None) return err;
  if (src->type == NodeType::Directory) return FsError::IsDirectory;
  auto [err2, dst] = resolve(to);
  if (err2 != FsError::None) return err2;
  if (dst.node && dst.node->type == NodeType::Directory) {
    auto [e3, inside] = resolve(dst.path + "/" + split_parent(from).second);
    if (e3 != FsError::None) return e3;
    dst = inside;
  }
  if (dst.node && dst.node.get() == src.get()) return FsError::None;
  if (FsError w = check_writable(dst.path); w != FsError::None) return w;
  if (FsError q = check_quota(src->attacker_written ? src->size() : 0, !dst.node);
      q != FsError::None) {
    return q;
  }
  auto [pp, name] = split_parent(dst.path);
  Node* parent = private_directory(pp);
  if (!parent) return FsError::NotFound;
  if (dst.node) discard(dst.path, dst.node);
  auto copy = std::make_shared<Node>(*src);  // shares the contents
  copy->mode = src->mode;
  copy->mtime = now();
  copy->provenance = src->attacker_written ? Provenance::Copy : Provenance::Image;
  parent->children[name] = std::move(copy);
  return FsError::None;
}

FsError SessionFs::change_mode(std::string_view abs_path, std::uint32_t mode) {
  auto [err, r] = resolve(abs_path);
  if (err != FsError::None) return err;
  if (!r.node) return FsError::NotFound;
  if (FsError w = check_writable(r.path); w != FsError::None) {
    return w == FsError::NotFound ? FsError::PermissionDenied : w;
  }
  auto [pp, name] = split_parent(r.path);
  Node* target = nullptr;
  if (r.path == "/") {
    target = make_private(root_);
  } else {
    Node* parent = private_directory(pp);
    if (!parent) return FsError::NotFound;
    target = make_private(parent->children.find(name)->second);
  }
  target->mode = mode & 07777;
  return FsError::None;
}

FsError SessionFs::make_symlink(std::string_view target, std::string_view link_path) {
  target = c_path(target);
  if (target.empty()) return FsError::NotFound;
  if (target.size() > kMaxPathBytes) return FsError::NameTooLong;
  auto [err, r] = resolve(link_path, false);
  if (err != FsError::None) return err;
  if (r.node) return FsError::Exists;
  if (FsError w = check_writable(r.path); w != FsError::None) return w;
  if (FsError q = check_quota(target.size(), true); q != FsError::None) return q;
  auto [pp, name] = split_parent(r.path);
  Node* parent = private_directory(pp);
  if (!parent) return FsError::NotFound;
  auto link = vfs::make_symlink(std::string(target));
  link->mtime = now();
  parent->children.emplace(name, std::move(link));
  return FsError::None;
}

void SessionFs::install(std::string_view canonical, NodePtr node) {
  auto [pp, name] = split_parent(canonical);
  if (Node* parent = private_directory(pp)) parent->children[name] = std::move(node);
}

}  // namespace busytrap::vfs
