#pragma once
// FsError: why an emulated file-system operation failed, and the errno text a Linux device
// prints for it (strerror wording, as BusyBox applets show it).
#include <cstdint>
#include <string_view>

namespace busytrap::vfs {

enum class FsError : std::uint8_t {
  None,
  NotFound,          // ENOENT
  NotDirectory,      // ENOTDIR
  IsDirectory,       // EISDIR
  Exists,            // EEXIST
  ReadOnly,          // EROFS
  PermissionDenied,  // EACCES
  Loop,              // ELOOP
  NoSpace,           // ENOSPC (session quota)
  NotEmpty,          // ENOTEMPTY
  Invalid,           // EINVAL
  Busy,              // EBUSY
  NameTooLong,       // ENAMETOOLONG (a name over NAME_MAX or a path over PATH_MAX)
};

constexpr std::string_view error_text(FsError e) noexcept {
  switch (e) {
    case FsError::None: return "Success";
    case FsError::NotFound: return "No such file or directory";
    case FsError::NotDirectory: return "Not a directory";
    case FsError::IsDirectory: return "Is a directory";
    case FsError::Exists: return "File exists";
    case FsError::ReadOnly: return "Read-only file system";
    case FsError::PermissionDenied: return "Permission denied";
    case FsError::Loop: return "Too many levels of symbolic links";
    case FsError::NoSpace: return "No space left on device";
    case FsError::NotEmpty: return "Directory not empty";
    case FsError::Invalid: return "Invalid argument";
    case FsError::Busy: return "Device or resource busy";
    case FsError::NameTooLong: return "File name too long";
  }
  return "Unknown error";
}

}  // namespace busytrap::vfs
