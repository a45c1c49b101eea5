#include "host/syscall_filter.h"

#include <gtest/gtest.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace busytrap::host {
namespace {

// The filter is for the whole process and cannot be removed, so each case runs in a forked
// child that reports by exit status: 0 = as expected, otherwise the number of the failed check.
template <class Body>
int in_child(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

// connect() of an AF_UNIX socket to a path that does not exist: ENOENT when allowed, EPERM when
// the filter denies it. No packet leaves the process either way.
int unix_connect_errno() {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, "/nonexistent/busytrap-test.sock");
  const int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  const int error = rc == 0 ? 0 : errno;
  ::close(fd);
  return error;
}

TEST(SyscallFilter, DeniesExecPtraceAndOutboundNetworkWithEperm) {
  const int result = in_child([] {
    if (!install_syscall_filter({}).empty()) return 1;
    char* const argv[] = {const_cast<char*>("/bin/true"), nullptr};
    if (::execve("/bin/true", argv, nullptr) != -1 || errno != EPERM) return 2;
    if (kFilterDeniesPtrace && (::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != -1 || errno != EPERM)) return 3;
    if (::socket(AF_INET, SOCK_STREAM, 0) != -1 || errno != EPERM) return 4;
    if (::socket(AF_INET6, SOCK_DGRAM, 0) != -1 || errno != EPERM) return 5;
    if (unix_connect_errno() != EPERM) return 6;
    // What the honeypot still needs: files, AF_UNIX socket pairs, time, threads.
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) return 7;
    if (::send(pair[0], "x", 1, 0) != 1) return 8;
    sockaddr_un to{};
    to.sun_family = AF_UNIX;
    if (::sendto(pair[0], "x", 1, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) != -1 || errno != EPERM) return 9;
    if (::access("/proc/self/status", R_OK) != 0) return 10;
    return 0;
  });
  EXPECT_EQ(result, 0);
}

TEST(SyscallFilter, AllowOutboundLeavesSocketsAndConnect) {
  const int result = in_child([] {
    if (!install_syscall_filter({.allow_outbound = true}).empty()) return 1;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 2;
    ::close(fd);
    if (unix_connect_errno() != ENOENT) return 3;
    char* const argv[] = {const_cast<char*>("/bin/true"), nullptr};
    if (::execve("/bin/true", argv, nullptr) != -1 || errno != EPERM) return 4;
    return 0;
  });
  EXPECT_EQ(result, 0);
}

TEST(SyscallFilter, ListsWhatItDenies) {
  const auto closed = denied_syscalls({});
  const auto open = denied_syscalls({.allow_outbound = true});
  EXPECT_NE(std::find(closed.begin(), closed.end(), "connect"), closed.end());
  EXPECT_EQ(std::find(open.begin(), open.end(), "connect"), open.end());
  EXPECT_NE(std::find(open.begin(), open.end(), "execve"), open.end());
}

}  // namespace
}  // namespace busytrap::host
