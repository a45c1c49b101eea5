#pragma once
// write_all: writes every byte of `data` to the file descriptor `fd`, retrying on EINTR and on
// short writes. Returns 0, or the errno of the failed write (EIO when write(2) wrote nothing).
// Thread-safe as write(2) is; the caller owns `fd`.
#include <string_view>

namespace busytrap::core {

int write_all(int fd, std::string_view data) noexcept;

}  // namespace busytrap::core
