#pragma once
// SessionEnvironment: what every session of a server shares — the configuration, the auth
// policy, the shell factory, the event sink, the random source, the hook that tells the server
// a session ended, and the fetcher (thread-safe itself) when downloads are enabled. Owned by the Server, outlives all its sessions,
// used only on the network thread.
#include <functional>
#include <random>
#include <string>

#include "config/config.h"
#include "fetch/fetcher.h"
#include "honeypot/auth_policy.h"
#include "shell/session_shell.h"
#include "sink/event_sink.h"

namespace busytrap::honeypot {

class Session;

struct SessionEnvironment {
  const config::Config& config;
  const AuthPolicy& auth;
  shell::SessionShellFactory& shells;
  sink::EventSink& events;
  std::mt19937_64 random;
  std::function<void(Session&)> on_closed;
  fetch::Fetcher* fetcher = nullptr;  // operator-enabled downloads (null: fetching is off)
};

}  // namespace busytrap::honeypot
