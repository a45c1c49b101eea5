#pragma once
// Node: one entry of an emulated file tree (file, directory, symlink or device). Trees are
// shared: a device image's nodes are immutable once built and are referenced by every session;
// a session that changes something copies only the nodes on the path to the change (see
// SessionFs). File contents are shared the same way: `data` is replaced, or mutated in place
// only while this node is its sole owner. Never contains anything from the host's filesystem.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace busytrap::vfs {

enum class NodeType : std::uint8_t { File, Directory, Symlink, CharDevice };

// How an attacker-written file came to be; recorded with captured files.
enum class Provenance : std::uint8_t { Image, Redirect, Append, Copy, Dd, Download };

struct Node;
using NodePtr = std::shared_ptr<Node>;

struct Node {
  NodeType type = NodeType::File;
  std::uint32_t mode = 0644;  // permission bits only
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::int64_t mtime = 0;  // seconds since the epoch
  std::shared_ptr<std::string> data;  // File: contents (never null for files)
  std::string link_target;            // Symlink
  std::map<std::string, NodePtr, std::less<>> children;  // Directory
  bool attacker_written = false;      // File: content came from the session
  Provenance provenance = Provenance::Image;
  std::uint32_t chunk_writes = 0;     // File: writes that built it (echo-loader chunks)

  std::uint64_t size() const noexcept {
    if (type == NodeType::Symlink) return link_target.size();
    if (type != NodeType::File || !data) return 0;
    return data->size();
  }
};

inline NodePtr make_directory(std::uint32_t mode = 0755) {
  auto n = std::make_shared<Node>();
  n->type = NodeType::Directory;
  n->mode = mode;
  return n;
}

inline NodePtr make_file(std::string contents, std::uint32_t mode = 0644) {
  auto n = std::make_shared<Node>();
  n->type = NodeType::File;
  n->mode = mode;
  n->data = std::make_shared<std::string>(std::move(contents));
  return n;
}

inline NodePtr make_symlink(std::string target) {
  auto n = std::make_shared<Node>();
  n->type = NodeType::Symlink;
  n->mode = 0777;
  n->link_target = std::move(target);
  return n;
}

}  // namespace busytrap::vfs
