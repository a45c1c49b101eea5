#pragma once
// RecordsDb: `busytrap analyze --db FILE`, the analyzer's normalized records in SQLite so an
// analyst can go on in SQL: one row per session, per command line (program, busybox applet,
// arguments), per login attempt and per indicator, written as sessions are finalised (a
// SessionObserver, on the merging thread), in transactions of kRowsPerTransaction rows, so
// memory stays flat however big the log; then per source address (finish()). Schema:
// docs/LOG-FORMAT.md "Analyzer records (SQLite)", exact DDL in schema_sql().
// The database is built as FILE.partial and renamed to FILE by finish(), so FILE is never a
// half-written database. Not thread-safe. Never throws: the first SQLite error is kept
// (error()) and later rows are skipped.
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/finished_session.h"
#include "analyze/intel/family_table.h"

namespace busytrap::analyze {

inline constexpr std::uint64_t kRowsPerTransaction = 50'000;
inline constexpr std::size_t kMaxArgsPerCommand = 256;

class RecordsDb final : public SessionObserver {
 public:
  RecordsDb() = default;
  RecordsDb(const RecordsDb&) = delete;
  RecordsDb& operator=(const RecordsDb&) = delete;
  ~RecordsDb() override;

  // Creates FILE.partial (replacing a leftover one). False and error() on failure.
  bool open(const std::string& path, const intel::FamilyTable* families);
  void session_finished(const Analysis& analysis, const FinishedSession& session) override;
  // Writes the sources table (`country_of` may be empty: no country) and the run's facts,
  // commits, and renames the file into place. False and error() on failure.
  bool finish(const Analysis& analysis, const std::vector<std::pair<std::string, std::string>>& facts,
              const std::function<std::string(std::string_view)>& country_of);
  const std::string& error() const noexcept { return error_; }

  static std::string_view schema_sql() noexcept;

 private:
  bool exec(const char* sql);
  bool step(sqlite3_stmt* statement);
  void row_written();
  // The arguments of a command line's first simple command after its program name (and applet)
  // as a JSON array of strings, cached per line id.
  const std::string& args_of(const Analysis& analysis, std::uint32_t line, bool busybox);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* session_ = nullptr;
  sqlite3_stmt* command_ = nullptr;
  sqlite3_stmt* credential_ = nullptr;
  sqlite3_stmt* indicator_ = nullptr;
  std::string path_;
  std::string error_;
  const intel::FamilyTable* families_ = nullptr;
  std::uint64_t rows_in_transaction_ = 0;
  std::vector<std::string> args_cache_;  // by line id; "" = not computed yet
  std::string scratch_;
};

}  // namespace busytrap::analyze
