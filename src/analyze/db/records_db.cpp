#include "analyze/db/records_db.h"

#include <cstdio>
#include <filesystem>

#include "analyze/analysis.h"
#include "analyze/intel/indicator_extractor.h"
#include "analyze/report/intel_report.h"
#include "core/json_escape.h"
#include "core/timestamp.h"
#include "shell/shell_lexer.h"

namespace busytrap::analyze {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,        -- order of finalisation
  session TEXT NOT NULL,         -- the log's session id (not unique: text logs reuse keys)
  protocol TEXT NOT NULL,        -- telnet, ssh or unknown
  src_ip TEXT,
  starttime TEXT,                -- ISO-8601 UTC, its first timestamp
  counted INTEGER NOT NULL,      -- 1 when an event passed --since/--until/--sensor (totals.sessions)
  commands INTEGER NOT NULL,     -- command lines
  family TEXT                    -- with --with families
);
CREATE TABLE commands (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  seq INTEGER NOT NULL,          -- 0-based position in the session
  timestamp TEXT,
  line TEXT NOT NULL,            -- the command line (Table 1's key)
  program TEXT,                  -- argv0 as Table 2 reads it (NULL: no word)
  applet TEXT,                   -- busybox's applet when program's basename is busybox
  args TEXT                      -- JSON array of the remaining words of its first simple command
);
CREATE TABLE credentials (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  username TEXT NOT NULL,
  password TEXT NOT NULL,
  success INTEGER NOT NULL
);
CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  timestamp TEXT,
  type TEXT NOT NULL,            -- url, host, ip_port, file_name, sha256
  value TEXT NOT NULL
);
CREATE VIEW downloads AS
  SELECT session_id, timestamp, value AS url FROM indicators WHERE type = 'url';
CREATE TABLE sources (
  ip TEXT PRIMARY KEY,
  network TEXT,                  -- /24 (IPv6 /48)
  sessions INTEGER NOT NULL,
  days INTEGER NOT NULL,         -- distinct UTC days with a session
  country TEXT                   -- ISO 3166 code, with --geoip
);
CREATE TABLE run (name TEXT PRIMARY KEY, value TEXT);
)sql";

constexpr const char* kIndexes = R"sql(
CREATE INDEX sessions_session ON sessions(session);
CREATE INDEX sessions_src_ip ON sessions(src_ip);
CREATE INDEX sessions_starttime ON sessions(starttime);
CREATE INDEX commands_session ON commands(session_id, seq);
CREATE INDEX commands_program ON commands(program, applet);
CREATE INDEX commands_line ON commands(line);
CREATE INDEX credentials_session ON credentials(session_id);
CREATE INDEX credentials_pair ON credentials(username, password);
CREATE INDEX indicators_value ON indicators(type, value);
CREATE INDEX indicators_session ON indicators(session_id);
)sql";

// TEXT when valid UTF-8, BLOB (the exact bytes) otherwise, as the honeypot's SQLite sink does.
void bind_bytes(sqlite3_stmt* statement, int index, std::string_view text) {
  if (core::is_valid_utf8(text)) {
    sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } else {
    sqlite3_bind_blob64(statement, index, text.data(), text.size(), SQLITE_TRANSIENT);
  }
}

void bind_time(sqlite3_stmt* statement, int index, std::int64_t timestamp) {
  if (timestamp == core::kNoTimestamp) {
    sqlite3_bind_null(statement, index);
  } else {
    const std::string text = core::format_iso8601(timestamp);
    sqlite3_bind_text(statement, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
}

std::string_view protocol_text(Protocol protocol) {
  switch (protocol) {
    case Protocol::Telnet: return "telnet";
    case Protocol::Ssh: return "ssh";
    case Protocol::Unknown: break;
  }
  return "unknown";
}

}  // namespace

std::string_view RecordsDb::schema_sql() noexcept { return kSchema; }

RecordsDb::~RecordsDb() {
  for (sqlite3_stmt* statement : {session_, command_, credential_, indicator_}) sqlite3_finalize(statement);
  if (db_ != nullptr) {
    sqlite3_close(db_);
    std::error_code ignored;
    std::filesystem::remove(path_ + ".partial", ignored);  // not finished: leave no half database
  }
}

bool RecordsDb::exec(const char* sql) {
  if (!error_.empty()) return false;
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  error_ = path_ + ": " + (message ? message : "SQLite error");
  sqlite3_free(message);
  return false;
}

bool RecordsDb::step(sqlite3_stmt* statement) {
  const int rc = sqlite3_step(statement);
  sqlite3_reset(statement);
  sqlite3_clear_bindings(statement);
  if (rc == SQLITE_DONE) return true;
  if (error_.empty()) error_ = path_ + ": " + sqlite3_errmsg(db_);
  return false;
}

bool RecordsDb::open(const std::string& path, const intel::FamilyTable* families) {
  path_ = path;
  families_ = families;
  const std::string partial = path + ".partial";
  std::error_code ignored;
  std::filesystem::remove(partial, ignored);
  if (sqlite3_open_v2(partial.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    error_ = partial + ": " + (db_ ? sqlite3_errmsg(db_) : "cannot open");
    return false;
  }
  // A derived file written once: no rollback journal needed (a crash leaves only FILE.partial).
  if (!exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;") || !exec(kSchema) || !exec("BEGIN")) return false;
  const auto prepare = [&](const char* sql, sqlite3_stmt** statement) {
    if (sqlite3_prepare_v2(db_, sql, -1, statement, nullptr) == SQLITE_OK) return true;
    error_ = path_ + ": " + sqlite3_errmsg(db_);
    return false;
  };
  return prepare("INSERT INTO sessions VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)", &session_) &&
         prepare("INSERT INTO commands VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)", &command_) &&
         prepare("INSERT INTO credentials VALUES (NULL, ?, ?, ?, ?)", &credential_) &&
         prepare("INSERT INTO indicators VALUES (NULL, ?, ?, ?, ?)", &indicator_);
}

void RecordsDb::row_written() {
  if (++rows_in_transaction_ < kRowsPerTransaction) return;
  rows_in_transaction_ = 0;
  exec("COMMIT; BEGIN");
}

const std::string& RecordsDb::args_of(const Analysis& analysis, std::uint32_t line, bool busybox) {
  if (args_cache_.size() <= line) args_cache_.resize(static_cast<std::size_t>(line) + 1);
  std::string& args = args_cache_[line];
  if (!args.empty()) return args;
  args = "[";
  shell::ShellLexer lexer(analysis.line_keys().key(line));
  shell::Token token;
  std::size_t words = 0, kept = 0;
  bool skip_target = false;
  const std::size_t skip_words = busybox ? 2 : 1;  // program (and applet)
  while (lexer.next(token)) {
    if (token.kind == shell::TokenKind::Operator) {
      if (words > 0) break;  // the end of the first simple command with a word
      continue;
    }
    if (token.kind == shell::TokenKind::Redirection) {
      skip_target = true;
      continue;
    }
    if (skip_target) {
      skip_target = false;
      continue;
    }
    if (words == 0 && shell::is_assignment_word(token.text)) continue;
    if (words++ < skip_words) continue;
    if (kept++ >= kMaxArgsPerCommand) break;
    if (args.size() > 1) args.push_back(',');
    core::append_json_string(args, shell::unquote_word(token.text, scratch_));
  }
  args.push_back(']');
  return args;
}

void RecordsDb::session_finished(const Analysis& analysis, const FinishedSession& session) {
  if (!error_.empty()) return;
  const intel::SessionFacts& facts = *session.facts;
  const auto& keys = analysis.intel().keys();
  bind_bytes(session_, 1, session.key);
  bind_bytes(session_, 2, protocol_text(session.protocol));
  if (facts.src_ip != core::StringInterner::kNone) {
    bind_bytes(session_, 3, analysis.intel().source_keys().key(facts.src_ip));
  }
  std::int64_t start = facts.start;
  for (const SessionItem& item : session.items) {
    if (item.timestamp != core::kNoTimestamp && (start == core::kNoTimestamp || item.timestamp < start)) {
      start = item.timestamp;
    }
  }
  bind_time(session_, 4, start);
  sqlite3_bind_int(session_, 5, session.has_event ? 1 : 0);
  sqlite3_bind_int64(session_, 6, static_cast<sqlite3_int64>(session.items.size()));
  if (session.family && families_ != nullptr && *session.family < families_->families().size()) {
    bind_bytes(session_, 7, families_->families()[*session.family].name);
  }
  if (!step(session_)) return;
  row_written();
  const sqlite3_int64 id = sqlite3_last_insert_rowid(db_);

  std::int64_t seq = 0;
  for (const SessionItem& item : session.items) {
    sqlite3_bind_int64(command_, 1, id);
    sqlite3_bind_int64(command_, 2, seq++);
    bind_time(command_, 3, item.timestamp);
    bind_bytes(command_, 4, analysis.line_keys().key(item.line));
    if (item.program != kNoProgram) {
      const std::string_view program = analysis.program_keys().key(item.program);
      const bool busybox = analysis.program_is_busybox(item.program);
      const std::size_t space = busybox ? program.find(' ') : std::string_view::npos;
      bind_bytes(command_, 5, program.substr(0, space));
      if (space != std::string_view::npos) bind_bytes(command_, 6, program.substr(space + 1));
      bind_bytes(command_, 7, args_of(analysis, item.line, busybox));
    }
    if (!step(command_)) return;
    row_written();
  }
  for (const intel::LoginAttempt& login : facts.logins) {
    sqlite3_bind_int64(credential_, 1, id);
    bind_bytes(credential_, 2, keys.key(login.username));
    bind_bytes(credential_, 3, keys.key(login.password));
    sqlite3_bind_int(credential_, 4, login.success ? 1 : 0);
    if (!step(credential_)) return;
    row_written();
  }
  for (const intel::SeenIndicator& seen : facts.indicators) {
    const std::string_view key = keys.key(seen.key);
    if (key.empty()) continue;
    sqlite3_bind_int64(indicator_, 1, id);
    bind_time(indicator_, 2, seen.timestamp);
    bind_bytes(indicator_, 3,
               intel::indicator_type_name(static_cast<intel::IndicatorType>(static_cast<unsigned char>(key.front()))));
    bind_bytes(indicator_, 4, key.substr(1));
    if (!step(indicator_)) return;
    row_written();
  }
}

bool RecordsDb::finish(const Analysis& analysis, const std::vector<std::pair<std::string, std::string>>& facts,
                       const std::function<std::string(std::string_view)>& country_of) {
  if (db_ == nullptr) return false;
  sqlite3_stmt* source = nullptr;
  sqlite3_stmt* fact = nullptr;
  if (error_.empty() && (sqlite3_prepare_v2(db_, "INSERT INTO sources VALUES (?, ?, ?, ?, ?)", -1, &source, nullptr) !=
                             SQLITE_OK ||
                         sqlite3_prepare_v2(db_, "INSERT INTO run VALUES (?, ?)", -1, &fact, nullptr) != SQLITE_OK)) {
    error_ = path_ + ": " + sqlite3_errmsg(db_);
  }
  const auto& sources = analysis.intel().sources();
  for (std::uint32_t id = 0; error_.empty() && id < sources.size(); ++id) {
    if (sources[id].sessions == 0) continue;
    const std::string_view ip = analysis.intel().source_keys().key(id);
    bind_bytes(source, 1, ip);
    const std::string network = network_of(ip);
    if (!network.empty()) bind_bytes(source, 2, network);
    sqlite3_bind_int64(source, 3, static_cast<sqlite3_int64>(sources[id].sessions));
    sqlite3_bind_int64(source, 4, static_cast<sqlite3_int64>(sources[id].days));
    const std::string country = country_of ? country_of(ip) : std::string();
    if (!country.empty()) bind_bytes(source, 5, country);
    if (step(source)) row_written();
  }
  for (const auto& [name, value] : facts) {
    if (!error_.empty()) break;
    bind_bytes(fact, 1, name);
    bind_bytes(fact, 2, value);
    step(fact);
  }
  sqlite3_finalize(source);
  sqlite3_finalize(fact);
  // Indexes are built once at the end: faster than keeping them up to date row by row.
  if (!exec(kIndexes) || !exec("COMMIT")) return false;
  for (sqlite3_stmt*& statement : {std::ref(session_), std::ref(command_), std::ref(credential_), std::ref(indicator_)}) {
    sqlite3_finalize(statement);
    statement = nullptr;
  }
  if (sqlite3_close(db_) != SQLITE_OK) {
    error_ = path_ + ": " + sqlite3_errmsg(db_);
    return false;
  }
  db_ = nullptr;
  std::error_code ec;
  std::filesystem::rename(path_ + ".partial", path_, ec);
  if (ec) {
    error_ = path_ + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace busytrap::analyze
