#pragma once
// SessionFs: one session's view of a device's file system. It starts as the shared, read-only
// device image and becomes a copy-on-write overlay: a change copies only the directories on
// the path to the changed entry (and never a file's contents unless they change), so a
// thousand idle sessions cost one image. Everything is in memory; paths are plain strings
// resolved inside the tree, so nothing can reach the host's files ("/.." is "/", a symlink's
// target is resolved in the tree too). As the kernel does, every operation reads a path as a C
// string (it ends at a NUL) and refuses one longer than PATH_MAX or with a name longer than
// NAME_MAX (ENAMETOOLONG), so no name with a NUL and no oversized name can be created.
// Mount rules say which subtrees are writable (from the profile's /proc/mounts) and how a
// refused write fails (EROFS; ENOENT for procfs; EACCES for sysfs). Quotas bound what a session
// can store. Not thread-safe: one session, one thread.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vfs/fs_error.h"
#include "vfs/node.h"

namespace busytrap::vfs {

enum class MountKind : std::uint8_t { Writable, ReadOnly, Proc, Sys };

struct MountRule {
  std::string mount_point;  // absolute, no trailing slash except "/"
  MountKind kind = MountKind::ReadOnly;
};

struct FsLimits {
  std::uint64_t max_file_bytes = 8u << 20;    // one file
  std::uint64_t max_total_bytes = 32u << 20;  // all bytes a session writes
  std::uint32_t max_new_nodes = 4096;         // entries a session creates
};

struct Resolved {
  std::string path;  // canonical absolute path (symlinks expanded)
  NodePtr node;      // null when the last component does not exist (parent does)
};

class SessionFs {
 public:
  // Called with the canonical path and the node whenever a file the attacker wrote is about to
  // lose its contents (removed, truncated, replaced): the capture keeps it.
  using DiscardObserver = std::function<void(const std::string& path, const Node& node)>;

  // `already_written`, `already_created`: bytes and entries earlier sessions of a remembered
  // device put into `root` (they count against the quotas, which bound the device, not just
  // one session).
  SessionFs(NodePtr root, std::vector<MountRule> mounts, FsLimits limits, std::uint64_t already_written = 0,
            std::uint32_t already_created = 0);

  void set_discard_observer(DiscardObserver observer) { on_discard_ = std::move(observer); }

  // Lexically absolute path of `path` relative to `cwd` ("." and ".." folded, no symlinks).
  static std::string absolute(std::string_view path, std::string_view cwd);

  // Resolves an absolute path. follow_last=false leaves a final symlink unexpanded. Fails
  // with NotFound when a parent is missing; a missing last component gives node == null.
  std::pair<FsError, Resolved> resolve(std::string_view abs_path, bool follow_last = true) const;
  // Existing node at `abs_path` (following symlinks), or the error.
  std::pair<FsError, NodePtr> lookup(std::string_view abs_path, bool follow_last = true) const;

  // Creates or truncates (append=false) or appends to a regular file.
  FsError write_file(std::string_view abs_path, std::string_view bytes, bool append,
                     Provenance provenance);
  FsError make_directory(std::string_view abs_path, std::uint32_t mode, bool parents);
  FsError remove(std::string_view abs_path, bool recursive);
  FsError rename(std::string_view from, std::string_view to);
  FsError copy_file(std::string_view from, std::string_view to);
  FsError change_mode(std::string_view abs_path, std::uint32_t mode);
  FsError make_symlink(std::string_view target, std::string_view link_path);
  // Places a generated node (per-session /proc entries) regardless of mount rules; the
  // parent directory must exist.
  void install(std::string_view canonical, NodePtr node);

  // Mount kind governing a canonical path.
  MountKind mount_kind(std::string_view canonical) const;

  // The whole tree and quota state at one moment, to roll a line back to (shares every node:
  // copy-on-write keeps the checkpoint intact whatever happens after).
  struct Checkpoint {
    NodePtr root;
    std::uint64_t bytes_written;
    std::uint32_t nodes_created;
  };
  Checkpoint checkpoint() const { return {root_, bytes_written_, nodes_created_}; }
  void restore(Checkpoint checkpoint) {
    root_ = std::move(checkpoint.root);
    bytes_written_ = checkpoint.bytes_written;
    nodes_created_ = checkpoint.nodes_created;
  }

  std::uint64_t bytes_written() const noexcept { return bytes_written_; }
  std::uint32_t nodes_created() const noexcept { return nodes_created_; }
  const NodePtr& root() const noexcept { return root_; }

 private:
  // Node slot for a canonical path's parent directory, with every directory on the way
  // made private to this session. Null when missing or not a directory.
  Node* private_directory(std::string_view canonical_dir);
  FsError check_writable(std::string_view canonical) const;
  FsError check_quota(std::uint64_t extra_bytes, bool new_node);
  void discard(const std::string& path, const NodePtr& node);
  void discard_tree(const std::string& path, const NodePtr& node);
  std::int64_t now() const;

  NodePtr root_;
  std::vector<MountRule> mounts_;
  FsLimits limits_;
  DiscardObserver on_discard_;
  std::uint64_t bytes_written_ = 0;
  std::uint32_t nodes_created_ = 0;
};

// Splits "a/b//c" into {"a","b","c"}.
std::vector<std::string_view> split_path(std::string_view path);
// Parent directory and base name of a canonical path ("/a/b" → "/a", "b"; "/a" → "/", "a").
std::pair<std::string, std::string> split_parent(std::string_view canonical);

}  // namespace busytrap::vfs
