#pragma once
// DeviceImage: a loaded profile plus its read-only file tree (the "firmware image"): /bin with
// BusyBox and its applet links, /etc, /lib, /proc and /sys generated from the profile, /dev,
// and the mount rules taken from the profile's /proc/mounts. Built once per profile, then
// shared read-only by every session (thread-safe to read); sessions overlay it (SessionFs).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "device/device_profile.h"
#include "vfs/node.h"
#include "vfs/session_fs.h"

namespace busytrap::device {

struct DeviceImage {
  DeviceProfile profile;
  vfs::NodePtr root;
  std::vector<vfs::MountRule> mounts;
  // The contents of /bin/busybox; any file sharing this buffer (a link, `cp /bin/echo x`) runs
  // as BusyBox.
  std::shared_ptr<std::string> busybox;
};

std::shared_ptr<const DeviceImage> build_device_image(DeviceProfile profile);

// Mount rules from /proc/mounts text: proc → Proc, sysfs → Sys, first option "rw" →
// Writable, otherwise ReadOnly. /tmp, /var and /dev are writable whatever the table says.
std::vector<vfs::MountRule> mount_rules(const std::string& proc_mounts,
                                        const std::vector<std::string>& extra_writable);

// The directory BusyBox installs an applet link into (/bin, /sbin, /usr/bin, /usr/sbin).
std::string applet_directory(std::string_view applet);

}  // namespace busytrap::device
