#pragma once
// The honeypot's seccomp filter: once `busytrap serve` has bound its listeners, opened its logs
// and dropped privileges, install_syscall_filter() restricts every thread of the process (TSYNC)
// so that what it never needs fails with EPERM: running programs (execve, execveat), debugging
// or reading other processes (ptrace, process_vm_*), the mount table, kernel modules, kexec, bpf,
// namespaces, the keyring, reboot and swap — and, unless `allow_outbound`, every outbound network
// call: socket() other than AF_UNIX, connect(), and sendto() to an explicit address. EPERM rather
// than a kill: a library that probes (e.g. for a feature) gets an error it handles, and the
// honeypot keeps serving. PR_SET_NO_NEW_PRIVS is set first, which also keeps a setuid program
// from ever gaining privileges in this process.
//
// Call once, from any thread, after start-up. Returns an empty string on success, otherwise
// why the filter could not be installed (the caller decides whether that is fatal).
#include <string>
#include <string_view>
#include <vector>

namespace busytrap::host {

// Whether the filter denies ptrace. Not in AddressSanitizer builds (the test suite's sanitizer
// preset): LeakSanitizer's exit-time check stops the world by ptrace-attaching to the process's
// own threads, and would abort every run of the honeypot. Release builds deny it.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kFilterDeniesPtrace = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kFilterDeniesPtrace = false;
#else
inline constexpr bool kFilterDeniesPtrace = true;
#endif
#else
inline constexpr bool kFilterDeniesPtrace = true;
#endif

struct SyscallFilterOptions {
  bool allow_outbound = false;  // socket/connect/sendto-to-address stay allowed
};

std::string install_syscall_filter(const SyscallFilterOptions& options);

// The names of the system calls the filter denies (for documentation and --help).
std::vector<std::string_view> denied_syscalls(const SyscallFilterOptions& options);

}  // namespace busytrap::host
