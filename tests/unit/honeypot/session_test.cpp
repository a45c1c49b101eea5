// A real Session over a socket pair (no network): what reaches the client byte for byte, the
// shell's delays, and the events it logs. The shell here is a scripted test shell, the sink
// records in memory; Session, TelnetEngine, AuthPolicy and asio are the real ones.
#include "honeypot/session.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>


namespace busytrap::honeypot {
namespace {

using namespace std::chrono_literals;

class ScriptedShell final : public shell::SessionShell {
 public:
  std::string prompt() const override { return "# "; }
  shell::ShellReply run_line(std::string_view line) override {
    shell::ShellReply reply;
    if (line == "binary") {
      std::string all;
      for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
      reply.output.push_back({0ms, all});
    } else if (line == "slow") {
      reply.output.push_back({300ms, "late\n"});
    } else if (line == "big") {
      reply.output.push_back({0ms, std::string(3000, 'x')});
      reply.output.push_back({0ms, "more\n"});
    } else if (line == "bye") {
      reply.close_session = true;
    }
    core::Event e;
    e.eventid = "test.ran";
    e.with("line", std::string(line));
    reply.events.push_back(e);
    return reply;
  }
  shell::ShellReply end_session() override {
    shell::ShellReply reply;
    core::Event e;
    e.eventid = "test.end";
    reply.events.push_back(e);
    return reply;
  }
};

class ScriptedShellFactory final : public shell::SessionShellFactory {
 public:
  std::unique_ptr<shell::SessionShell> create(const shell::SessionContext& context) override {
    last_context = context;
    return std::make_unique<ScriptedShell>();
  }
  shell::SessionContext last_context;
};

class RecordingSink final : public sink::EventSink {
 public:
  void write(const core::Event& event) override { events.push_back(event); }
  void flush() override {}
  std::uint64_t dropped() const override { return 0; }
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.eventid);
    return out;
  }
  std::vector<core::Event> events;
};

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    client_ = fds[1];
    server_fd_ = fds[0];
    config_.log.ttylog_dir = "";
  }
  void TearDown() override {
    if (session_) session_->stop();
    io_.run_for(50ms);
    ::close(client_);
  }

  void start() {
    environment_ = std::make_unique<SessionEnvironment>(SessionEnvironment{
        config_, auth_, shells_, sink_, std::mt19937_64(7), [this](Session&) { ++closed_; }});
    presentation_ = presentation_from_config(config_.honeypot);
    asio::ip::tcp::socket socket(io_);
    socket.assign(asio::ip::tcp::v4(), server_fd_);
    session_ = std::make_shared<Session>(std::move(socket), *environment_, presentation_, "dvr",
                                          "192.0.2.1", 4242);
    session_->start("198.51.100.7", 23);
  }

  // Sends `bytes`, then runs the server until the client has received `until` (or 3 s).
  std::string exchange(const std::string& bytes, const std::string& until) {
    if (!bytes.empty()) {
      EXPECT_EQ(::write(client_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    }
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (received_.find(until) == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      io_.run_for(5ms);
      char buffer[4096];
      const ssize_t n = ::recv(client_, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n > 0) received_.append(buffer, static_cast<std::size_t>(n));
    }
    const auto at = received_.find(until);
    EXPECT_NE(at, std::string::npos) << "never received " << until << " in " << received_;
    std::string out = received_.substr(0, at == std::string::npos ? received_.size() : at + until.size());
    received_.erase(0, out.size());
    return out;
  }

  void login() {
    exchange("", "login: ");
    exchange("root\r\n", "Password: ");
    exchange("pw\r\n", "# ");
  }

  asio::io_context io_;
  config::Config config_;
  AuthPolicy auth_{{"root:pw"}, "", 0};
  ScriptedShellFactory shells_;
  RecordingSink sink_;
  std::unique_ptr<SessionEnvironment> environment_;
  Presentation presentation_;
  std::shared_ptr<Session> session_;
  int client_ = -1;
  int server_fd_ = -1;
  int closed_ = 0;
  std::string received_;
};

TEST_F(SessionTest, OpensIacFirstThenPromptsAndEchoesOnlyTheName) {
  start();
  EXPECT_EQ(exchange("", "login: "),
            std::string("\xFF\xFD\x01\xFF\xFD\x1F\xFF\xFB\x01\xFF\xFB\x03(none) login: "));
  EXPECT_EQ(exchange("root\r\n", "Password: "), "root\r\nPassword: ");
  EXPECT_EQ(exchange("pw\r\n", "# "), "\r\n# ");
  EXPECT_EQ(shells_.last_context.profile, "dvr");
  EXPECT_EQ(shells_.last_context.username, "root");
  EXPECT_EQ(shells_.last_context.session_id, session_->id());
}

TEST_F(SessionTest, BinaryOutputArrivesAsAPtyAndTelnetdSendIt) {
  start();
  login();
  std::string expected = "binary\r\n";
  for (int b = 0; b < 256; ++b) {
    if (b == '\n') {
      expected += "\r\n";
    } else if (b == 0xFF) {
      expected += "\xFF\xFF";
    } else {
      expected.push_back(static_cast<char>(b));
    }
  }
  expected += "# ";
  EXPECT_EQ(exchange("binary\r\n", std::string("\xFF\xFF# ", 4)), expected);
}

TEST_F(SessionTest, ShellDelaysAreTimersAndCanBeSwitchedOff) {
  start();
  login();
  auto start_time = std::chrono::steady_clock::now();
  EXPECT_EQ(exchange("slow\r\n", "late\r\n# "), "slow\r\nlate\r\n# ");
  EXPECT_GE(std::chrono::steady_clock::now() - start_time, 290ms);

  config_.honeypot.delays = false;
  start_time = std::chrono::steady_clock::now();
  exchange("slow\r\n", "late\r\n# ");
  EXPECT_LT(std::chrono::steady_clock::now() - start_time, 200ms);
}

TEST_F(SessionTest, ShellEventsAreCompletedAndTheEndIsLogged) {
  start();
  login();
  exchange("hello\r\n", "# ");
  exchange("bye\r\n", "bye\r\n");
  io_.run_for(50ms);
  EXPECT_EQ(closed_, 1);
  const auto ids = sink_.ids();
  const std::vector<std::string> expected = {
      "cowrie.session.connect", "cowrie.login.success", "cowrie.session.params",
      "cowrie.command.input",   "test.ran",             "cowrie.command.input",
      "test.ran",               "test.end",             "cowrie.session.closed"};
  EXPECT_EQ(ids, expected);
  for (const auto& e : sink_.events) {
    EXPECT_EQ(e.session, session_->id());
    EXPECT_EQ(e.src_ip, "192.0.2.1");
    EXPECT_GT(e.timestamp_us, 1'500'000'000'000'000);
  }
  const auto& connect = sink_.events.front();
  ASSERT_EQ(connect.fields.size(), 4u);
  EXPECT_EQ(std::get<std::string>(connect.fields[1].second), "198.51.100.7");
  EXPECT_EQ(std::get<std::int64_t>(connect.fields[2].second), 23);
  session_.reset();
}

TEST_F(SessionTest, OutputOverTheLimitClosesTheSessionCleanly) {
  config_.limits.max_bytes_out = 1024;
  start();
  login();
  ASSERT_EQ(::write(client_, "big\r\n", 5), 5);
  io_.run_for(50ms);
  EXPECT_EQ(closed_, 1);
  const auto ids = sink_.ids();
  ASSERT_GE(ids.size(), 3u);
  EXPECT_EQ(ids[ids.size() - 3], "busytrap.limit");
  EXPECT_EQ(ids[ids.size() - 2], "test.end");
  EXPECT_EQ(ids.back(), "cowrie.session.closed");
}

TEST_F(SessionTest, StopClosesOnceAndLogsTheShellsEnd) {
  start();
  login();
  session_->stop();
  session_->stop();
  io_.run_for(20ms);
  EXPECT_EQ(closed_, 1);
  const auto ids = sink_.ids();
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids[ids.size() - 2], "test.end");
  EXPECT_EQ(ids.back(), "cowrie.session.closed");
  char c;
  EXPECT_EQ(::recv(client_, &c, 1, 0), 0);  // the client sees the close
}

}  // namespace
}  // namespace busytrap::honeypot
