#include "core/write_all.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string>

#include <gtest/gtest.h>

namespace busytrap::core {
namespace {

TEST(WriteAll, WritesEveryByteThroughAPipe) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  // 200 KB, more than a default pipe holds: the pipe is enlarged to 1 MB so this one thread can
  // write it all before reading it back.
  const std::string data(200 * 1024, 'x');
  ASSERT_GE(::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20), 0);
  EXPECT_EQ(write_all(fds[1], data), 0);
  ::close(fds[1]);
  std::string read_back;
  char buffer[65536];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) read_back.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  EXPECT_EQ(read_back, data);
}

TEST(WriteAll, ReturnsTheErrnoOfAFailedWrite) {
  EXPECT_EQ(write_all(-1, "abc"), EBADF);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  const auto old = ::signal(SIGPIPE, SIG_IGN);
  EXPECT_EQ(write_all(fds[1], "abc"), EPIPE);
  ::signal(SIGPIPE, old);
  ::close(fds[1]);
}

TEST(WriteAll, NothingToWriteIsSuccess) { EXPECT_EQ(write_all(-1, ""), 0); }

}  // namespace
}  // namespace busytrap::core
