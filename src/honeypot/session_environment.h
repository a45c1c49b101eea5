#pragma once
// SessionEnvironment: what every session of a server shares — the configuration, the auth policy, the shell factory, the event sink, the random source and the
// hook that tells the server a session ended. Owned by the Server, outlives all its sessions,
// used only on the network thread.
#include <functional>
#include <random>
#include <string>

#include "config/config.h"
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
};

}  // namespace busytrap::honeypot
