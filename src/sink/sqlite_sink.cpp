#include "sink/sqlite_sink.h"

#include <sqlite3.h>

#include <chrono>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/json_escape.h"
#include "core/timestamp.h"

namespace busytrap::sink {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sensors (
  id INTEGER PRIMARY KEY,
  ip TEXT NOT NULL                 -- the sensor name (Cowrie calls the column ip)
);
CREATE TABLE IF NOT EXISTS clients (
  id INTEGER PRIMARY KEY,
  version TEXT NOT NULL            -- SSH client versions in Cowrie; unused for Telnet
);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT NOT NULL PRIMARY KEY,    -- session id, 12 hex digits
  starttime TEXT NOT NULL,         -- ISO-8601 UTC, as in the JSON log
  endtime TEXT DEFAULT NULL,
  sensor INTEGER NOT NULL,         -- sensors.id
  ip TEXT NOT NULL DEFAULT '',     -- src_ip
  termsize TEXT DEFAULT NULL,      -- "WxH" from cowrie.client.size
  client INTEGER DEFAULT NULL,     -- clients.id
  src_port INTEGER DEFAULT NULL,   -- extra: from cowrie.session.connect
  dst_ip TEXT DEFAULT NULL,        -- extra
  dst_port INTEGER DEFAULT NULL,   -- extra
  protocol TEXT DEFAULT NULL,      -- extra: "telnet"
  duration_ms INTEGER DEFAULT NULL -- extra: from cowrie.session.closed
);
CREATE INDEX IF NOT EXISTS sessions_index ON sessions(starttime, sensor);
CREATE TABLE IF NOT EXISTS auth (
  id INTEGER PRIMARY KEY,
  session TEXT NOT NULL,
  success INTEGER NOT NULL,        -- 1 login.success, 0 login.failed
  username TEXT NOT NULL,
  password TEXT NOT NULL,
  timestamp TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_index ON auth(session);
CREATE TABLE IF NOT EXISTS input (
  id INTEGER PRIMARY KEY,
  session TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  realm TEXT DEFAULT NULL,
  success INTEGER DEFAULT NULL,    -- 1 command.input, 0 command.failed (as Cowrie)
  input TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS input_index ON input(session, timestamp, realm);
CREATE TABLE IF NOT EXISTS params (
  id INTEGER PRIMARY KEY,
  session TEXT NOT NULL,
  arch TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS arch_index ON params(arch);
CREATE TABLE IF NOT EXISTS downloads (
  id INTEGER PRIMARY KEY,
  session TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  url TEXT NOT NULL,               -- '' for files built by redirection
  outfile TEXT DEFAULT NULL,       -- NULL for a failed download
  shasum TEXT DEFAULT NULL,        -- SHA-256, NULL for a failed download
  destfile TEXT DEFAULT NULL,      -- extra: the path inside the emulated device
  error TEXT DEFAULT NULL          -- extra: why a download failed
);
CREATE INDEX IF NOT EXISTS downloads_index ON downloads(session, timestamp);
CREATE TABLE IF NOT EXISTS ttylog (
  id INTEGER PRIMARY KEY,
  session TEXT NOT NULL,
  ttylog TEXT NOT NULL,            -- transcript path (asciicast v2)
  size INTEGER NOT NULL,
  shasum TEXT DEFAULT NULL,        -- extra
  duration_ms INTEGER DEFAULT NULL -- extra
);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,          -- arrival order
  timestamp TEXT NOT NULL,
  eventid TEXT NOT NULL,
  session TEXT NOT NULL,
  src_ip TEXT NOT NULL,
  json TEXT NOT NULL               -- the event's Cowrie JSON line, exactly as in busytrap.json
);
CREATE INDEX IF NOT EXISTS events_session ON events(session);
CREATE INDEX IF NOT EXISTS events_eventid ON events(eventid, timestamp);
)sql";

struct StatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

const core::FieldValue* find_field(const core::Event& event, std::string_view name) {
  for (const auto& [key, value] : event.fields) {
    if (key == name) return &value;
  }
  return nullptr;
}

// Binds text as TEXT when it is valid UTF-8 and as BLOB (the exact bytes) otherwise.
void bind_text(sqlite3_stmt* statement, int index, std::string_view text) {
  if (core::is_valid_utf8(text)) {
    sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } else {
    sqlite3_bind_blob64(statement, index, text.data(), text.size(), SQLITE_TRANSIENT);
  }
}

// Binds a field by its type; a missing field binds `missing` (NULL when nullptr).
void bind_field(sqlite3_stmt* statement, int index, const core::Event& event, std::string_view name,
                const char* missing = nullptr) {
  const core::FieldValue* value = find_field(event, name);
  if (value == nullptr) {
    if (missing) {
      sqlite3_bind_text(statement, index, missing, -1, SQLITE_STATIC);
    } else {
      sqlite3_bind_null(statement, index);
    }
  } else if (const auto* s = std::get_if<std::string>(value)) {
    bind_text(statement, index, *s);
  } else if (const auto* i = std::get_if<std::int64_t>(value)) {
    sqlite3_bind_int64(statement, index, *i);
  } else if (const auto* d = std::get_if<double>(value)) {
    sqlite3_bind_double(statement, index, *d);
  } else {
    sqlite3_bind_int(statement, index, std::get<bool>(*value) ? 1 : 0);
  }
}

std::size_t approximate_size(const core::Event& event) {
  std::size_t size = sizeof(core::Event) + event.eventid.size() + event.session.size() + event.src_ip.size() +
                     event.message.size();
  for (const auto& [name, value] : event.fields) {
    size += 48 + name.size();
    if (const auto* s = std::get_if<std::string>(&value)) size += s->size();
  }
  return size;
}

}  // namespace

// One open connection and its prepared statements; used only by the writer thread.
class SqliteSink::Database {
 public:
  ~Database() {
    statements_ = {};
    sqlite3_close_v2(db_);
  }

  // Opens (creating directory, file and schema as needed). Returns nullptr and sets `error`.
  static std::unique_ptr<Database> open(const std::filesystem::path& path, FsyncPolicy fsync, std::string& error) {
    auto database = std::unique_ptr<Database>(new Database);
    if (!path.parent_path().empty()) {
      std::error_code ec;
      std::filesystem::create_directories(path.parent_path(), ec);
    }
    const int rc = sqlite3_open_v2(path.c_str(), &database->db_,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      error = database->db_ ? sqlite3_errmsg(database->db_) : sqlite3_errstr(rc);
      return nullptr;
    }
    sqlite3_extended_result_codes(database->db_, 1);
    sqlite3_busy_timeout(database->db_, 5000);  // an operator's query holding a lock: wait, not fail
    const char* synchronous = fsync == FsyncPolicy::kAlways  ? "PRAGMA synchronous=FULL;"
                              : fsync == FsyncPolicy::kNever ? "PRAGMA synchronous=OFF;"
                                                             : "PRAGMA synchronous=NORMAL;";
    if (!database->exec("PRAGMA journal_mode=WAL;", error) || !database->exec(synchronous, error) ||
        !database->exec(kSchema, error) || !database->prepare_all(error)) {
      return nullptr;
    }
    return database;
  }

  // Stores `events` in one transaction. Returns false (rolled back) and sets `error`.
  bool store(const std::vector<core::Event>& events, const core::CowrieJsonWriter& writer, std::string_view sensor,
             std::string& error) {
    if (!exec("BEGIN IMMEDIATE;", error)) return false;
    for (const auto& event : events) {
      if (!store_one(event, writer, sensor, error)) {
        std::string ignored;
        exec("ROLLBACK;", ignored);
        return false;
      }
    }
    if (!exec("COMMIT;", error)) {
      std::string ignored;
      exec("ROLLBACK;", ignored);
      return false;
    }
    return true;
  }

 private:
  Database() = default;

  bool exec(const char* sql, std::string& error) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      error = message ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      return false;
    }
    return true;
  }

  bool prepare(Statement& statement, const char* sql, std::string& error) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
      error = sqlite3_errmsg(db_);
      return false;
    }
    statement.reset(raw);
    return true;
  }

  bool prepare_all(std::string& error) {
    auto& s = statements_;
    return prepare(s.event, "INSERT INTO events(timestamp, eventid, session, src_ip, json) VALUES(?,?,?,?,?)", error) &&
           prepare(s.select_sensor, "SELECT id FROM sensors WHERE ip = ?", error) &&
           prepare(s.insert_sensor, "INSERT INTO sensors(ip) VALUES(?)", error) &&
           prepare(s.session,
                   "INSERT OR IGNORE INTO sessions(id, starttime, sensor, ip, src_port, dst_ip, dst_port, protocol) "
                   "VALUES(?,?,?,?,?,?,?,?)",
                   error) &&
           prepare(s.auth, "INSERT INTO auth(session, success, username, password, timestamp) VALUES(?,?,?,?,?)",
                   error) &&
           prepare(s.input, "INSERT INTO input(session, timestamp, success, input) VALUES(?,?,?,?)", error) &&
           prepare(s.params, "INSERT INTO params(session, arch) VALUES(?,?)", error) &&
           prepare(s.download,
                   "INSERT INTO downloads(session, timestamp, url, outfile, shasum, destfile, error) "
                   "VALUES(?,?,?,?,?,?,?)",
                   error) &&
           prepare(s.termsize, "UPDATE sessions SET termsize = ? WHERE id = ?", error) &&
           prepare(s.closed, "UPDATE sessions SET endtime = ?, duration_ms = ? WHERE id = ?", error) &&
           prepare(s.ttylog, "INSERT INTO ttylog(session, ttylog, size, shasum, duration_ms) VALUES(?,?,?,?,?)",
                   error);
  }

  // Runs a statement whose parameters are bound; resets it for the next use.
  bool step(sqlite3_stmt* statement, std::string& error) {
    const int rc = sqlite3_step(statement);
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
      error = sqlite3_errmsg(db_);
      return false;
    }
    return true;
  }

  bool sensor_id(std::string_view sensor, std::int64_t& id, std::string& error) {
    if (sensor_id_) {
      id = *sensor_id_;
      return true;
    }
    sqlite3_stmt* select = statements_.select_sensor.get();
    bind_text(select, 1, sensor);
    const int rc = sqlite3_step(select);
    if (rc == SQLITE_ROW) sensor_id_ = sqlite3_column_int64(select, 0);
    sqlite3_reset(select);
    sqlite3_clear_bindings(select);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      error = sqlite3_errmsg(db_);
      return false;
    }
    if (!sensor_id_) {
      bind_text(statements_.insert_sensor.get(), 1, sensor);
      if (!step(statements_.insert_sensor.get(), error)) return false;
      sensor_id_ = sqlite3_last_insert_rowid(db_);
    }
    id = *sensor_id_;
    return true;
  }

  bool store_one(const core::Event& event, const core::CowrieJsonWriter& writer, std::string_view sensor,
                 std::string& error) {
    auto& s = statements_;
    timestamp_.clear();
    core::append_iso8601(timestamp_, event.timestamp_us);
    json_.clear();
    writer.append_line(json_, event);
    json_.pop_back();  // the '\n'
    sqlite3_bind_text(s.event.get(), 1, timestamp_.data(), static_cast<int>(timestamp_.size()), SQLITE_STATIC);
    bind_text(s.event.get(), 2, event.eventid);
    bind_text(s.event.get(), 3, event.session);
    bind_text(s.event.get(), 4, event.src_ip);
    sqlite3_bind_text64(s.event.get(), 5, json_.data(), json_.size(), SQLITE_STATIC, SQLITE_UTF8);
    if (!step(s.event.get(), error)) return false;

    const std::string_view id = event.eventid;
    sqlite3_stmt* statement = nullptr;
    if (id == "cowrie.session.connect") {
      std::int64_t sensor_row = 0;
      if (!sensor_id(sensor, sensor_row, error)) return false;
      statement = s.session.get();
      bind_text(statement, 1, event.session);
      sqlite3_bind_text(statement, 2, timestamp_.data(), static_cast<int>(timestamp_.size()), SQLITE_STATIC);
      sqlite3_bind_int64(statement, 3, sensor_row);
      bind_text(statement, 4, event.src_ip);
      bind_field(statement, 5, event, "src_port");
      bind_field(statement, 6, event, "dst_ip");
      bind_field(statement, 7, event, "dst_port");
      bind_field(statement, 8, event, "protocol");
    } else if (id == "cowrie.login.success" || id == "cowrie.login.failed") {
      statement = s.auth.get();
      bind_text(statement, 1, event.session);
      sqlite3_bind_int(statement, 2, id == "cowrie.login.success" ? 1 : 0);
      bind_field(statement, 3, event, "username", "");
      bind_field(statement, 4, event, "password", "");
      sqlite3_bind_text(statement, 5, timestamp_.data(), static_cast<int>(timestamp_.size()), SQLITE_STATIC);
    } else if (id == "cowrie.command.input" || id == "cowrie.command.failed") {
      statement = s.input.get();
      bind_text(statement, 1, event.session);
      sqlite3_bind_text(statement, 2, timestamp_.data(), static_cast<int>(timestamp_.size()), SQLITE_STATIC);
      sqlite3_bind_int(statement, 3, id == "cowrie.command.input" ? 1 : 0);
      bind_field(statement, 4, event, "input", "");
    } else if (id == "cowrie.session.params") {
      statement = s.params.get();
      bind_text(statement, 1, event.session);
      bind_field(statement, 2, event, "arch", "");
    } else if (id == "cowrie.session.file_download" || id == "cowrie.session.file_download.failed") {
      statement = s.download.get();
      bind_text(statement, 1, event.session);
      sqlite3_bind_text(statement, 2, timestamp_.data(), static_cast<int>(timestamp_.size()), SQLITE_STATIC);
      bind_field(statement, 3, event, "url", "");
      bind_field(statement, 4, event, "outfile");
      bind_field(statement, 5, event, "shasum");
      bind_field(statement, 6, event, "destfile");
      bind_field(statement, 7, event, "error");
    } else if (id == "cowrie.client.size") {
      const auto* width = find_field(event, "width");
      const auto* height = find_field(event, "height");
      if (width && height && std::holds_alternative<std::int64_t>(*width) &&
          std::holds_alternative<std::int64_t>(*height)) {
        statement = s.termsize.get();
        bind_text(statement, 1,
                  std::to_string(std::get<std::int64_t>(*width)) + "x" + std::to_string(std::get<std::int64_t>(*height)));
        bind_text(statement, 2, event.session);
      }
    } else if (id == "cowrie.session.closed") {
      statement = s.closed.get();
      sqlite3_bind_text(statement, 1, timestamp_.data(), static_cast<int>(timestamp_.size()), SQLITE_STATIC);
      bind_field(statement, 2, event, "duration_ms");
      bind_text(statement, 3, event.session);
    } else if (id == "cowrie.log.closed") {
      statement = s.ttylog.get();
      bind_text(statement, 1, event.session);
      bind_field(statement, 2, event, "ttylog", "");
      bind_field(statement, 3, event, "size", "0");
      bind_field(statement, 4, event, "shasum");
      bind_field(statement, 5, event, "duration_ms");
    }
    return statement == nullptr || step(statement, error);
  }

  struct Statements {
    Statement event, select_sensor, insert_sensor, session, auth, input, params, download, termsize, closed, ttylog;
  };
  sqlite3* db_ = nullptr;
  Statements statements_;
  std::optional<std::int64_t> sensor_id_;
  std::string timestamp_;
  std::string json_;
};

SqliteSink::SqliteSink(SqliteSinkOptions options)
    : options_(std::move(options)),
      writer_(options_.sensor),
      queue_(options_.high_water, options_.max_queued_bytes, options_.overflow),
      health_("SQLite event store " + options_.path.string(), options_.warn, options_.high_water),
      thread_([this] { run(); }) {}

SqliteSink::~SqliteSink() {
  queue_.close();
  thread_.join();
}

const char* SqliteSink::schema_sql() { return kSchema; }

void SqliteSink::write(const core::Event& event) {
  const std::size_t bytes = approximate_size(event);
  queue_.push(event, bytes);
}

void SqliteSink::reopen() {
  reopen_requested_ = true;
  queue_.wake();
}

void SqliteSink::flush() { queue_.wait_until_done(); }

void SqliteSink::when_stored(std::function<void()> done) { queue_.notify_when_done(std::move(done)); }

std::uint64_t SqliteSink::dropped() const { return queue_.overflow_drops() + failed_.load(); }

void SqliteSink::run() {
  std::vector<core::Event> batch;
  bool more = true;
  while (more) {
    batch.clear();
    more = queue_.pop_all(batch, std::chrono::steady_clock::now() + std::chrono::seconds(60));
    if (reopen_requested_.exchange(false)) db_.reset();
    if (!batch.empty()) store(batch);
    // Warn before done(): once flush() returns, the operator has heard of every drop.
    health_.check_overflow(queue_.overflow_drops());
    if (!batch.empty()) queue_.done(batch.size());
  }
  db_.reset();
}

void SqliteSink::store(const std::vector<core::Event>& events) {
  std::string error;
  if (!db_) db_ = Database::open(options_.path, options_.fsync, error);
  if (db_ && db_->store(events, writer_, options_.sensor, error)) {
    written_ += events.size();
    health_.stored(failed_.load());
    return;
  }
  ++write_errors_;
  health_.error(db_ ? "cannot store events" : "cannot open", error, failed_.load());
  failed_ += events.size();
  db_.reset();  // start afresh next time (the file may have been replaced or repaired)
}

}  // namespace busytrap::sink
