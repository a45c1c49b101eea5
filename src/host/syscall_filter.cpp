#include "host/syscall_filter.h"

#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace busytrap::host {
namespace {

// Never needed by the honeypot after start-up, whatever the configuration.
constexpr std::string_view kAlwaysDenied[] = {
    "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev", "mount",
    "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsmount",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "bpf",
    "perf_event_open", "unshare", "setns", "add_key", "request_key", "keyctl", "reboot",
    "swapon", "swapoff", "acct", "userfaultfd", "personality",
};

// Outbound network calls: denied unless a fetching feature needs them. socket() is denied
// except for AF_UNIX and sendto() only with a destination address (sendto on the accepted TCP
// sockets has none), so sessions keep working.
constexpr std::string_view kOutbound[] = {"socket", "connect", "sendto"};

std::string deny(scmp_filter_ctx ctx, std::string_view name) {
  const int number = seccomp_syscall_resolve_name(std::string(name).c_str());
  if (number == __NR_SCMP_ERROR) return {};  // not on this architecture: nothing to deny
  const int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), number, 0);
  if (rc != 0) return std::string("seccomp rule for ") + std::string(name) + ": " + std::strerror(-rc);
  return {};
}

}  // namespace

std::vector<std::string_view> denied_syscalls(const SyscallFilterOptions& options) {
  std::vector<std::string_view> names;
  for (const auto name : kAlwaysDenied) {
    if (name != "ptrace" || kFilterDeniesPtrace) names.push_back(name);
  }
  if (!options.allow_outbound) names.insert(names.end(), std::begin(kOutbound), std::end(kOutbound));
  return names;
}

std::string install_syscall_filter(const SyscallFilterOptions& options) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return std::string("prctl(PR_SET_NO_NEW_PRIVS): ") + std::strerror(errno);
  }
  const std::unique_ptr<void, void (*)(scmp_filter_ctx)> ctx(seccomp_init(SCMP_ACT_ALLOW), seccomp_release);
  if (!ctx) return "seccomp_init failed";
  // Every thread (the sinks' writer threads were started before the filter).
  if (const int rc = seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_TSYNC, 1); rc != 0) {
    return std::string("seccomp TSYNC: ") + std::strerror(-rc);
  }
  for (const auto name : kAlwaysDenied) {
    if (name == "ptrace" && !kFilterDeniesPtrace) continue;
    if (auto error = deny(ctx.get(), name); !error.empty()) return error;
  }
  if (!options.allow_outbound) {
    // The comparisons are spelled out: libseccomp's SCMP_A0()/SCMP_A4() macros are C compound
    // literals, which clang rejects in C++ with -Wpedantic.
    const scmp_arg_cmp domain_not_unix{0, SCMP_CMP_NE, static_cast<scmp_datum_t>(AF_UNIX), 0};
    const scmp_arg_cmp has_destination{4, SCMP_CMP_NE, 0, 0};
    const int socket_nr = seccomp_syscall_resolve_name("socket");
    int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), socket_nr, 1, domain_not_unix);
    if (rc == 0) rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), seccomp_syscall_resolve_name("connect"), 0);
    if (rc == 0) {
      rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), seccomp_syscall_resolve_name("sendto"), 1,
                            has_destination);
    }
    if (rc != 0) return std::string("seccomp network rules: ") + std::strerror(-rc);
  }
  if (const int rc = seccomp_load(ctx.get()); rc != 0) {
    return std::string("seccomp_load: ") + std::strerror(-rc);
  }
  return {};
}

}  // namespace busytrap::host
