#pragma once
// Helpers for the analyzer's tests: run the real pipeline over real files and look rows up.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <zlib.h>

#include "core/data_directory.h"
#include "analyze/analyze_pipeline.h"
#include "analyze/input_paths.h"
#include "analyze/report/analyze_report.h"

namespace busytrap::analyze::testing {

inline std::string shared_dir() { return BUSYTRAP_SHARED_DIR; }
inline std::string real_sample() { return shared_dir() + "/data/real/honeylist-cowrie-2019-07-08.json"; }

inline LinuxPrograms load_linux_programs() {
  LinuxPrograms programs;
  std::string error;
  programs.load(core::data_directory() + "/linux-executables.txt", error);
  return programs;
}

inline AnalyzeReport analyze_paths(const std::vector<std::string>& paths, const AnalysisOptions& options = {},
                                   ReportLimits limits = ReportLimits{}) {
  Analysis analysis(options);
  PipelineReport pipeline;
  std::string error;
  AnalyzePipeline runner(options);
  const ExpandedInputs inputs = expand_input_paths(paths);
  if (!inputs.errors.empty()) throw std::runtime_error(inputs.errors.front());
  if (!runner.run(inputs.paths, analysis, pipeline, error)) throw std::runtime_error(error);
  return build_report(analysis, pipeline, limits, load_linux_programs());
}

inline std::map<std::string, std::uint64_t> as_map(const RankedTable& table) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& row : table.rows) out[row.key] = row.count;
  return out;
}

// `data` as one gzip member (zlib, level 6): real gzip bytes for the readers' tests.
inline std::string gzip_bytes(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A fresh temporary directory, removed with the object.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("busytrap-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name, const std::string& content) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::string path(const std::string& name = "") const { return (path_ / name).string(); }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path path_;
};

inline std::string cowrie_command(const std::string& session, const std::string& ts, const std::string& input_json) {
  return R"({"eventid":"cowrie.command.input","input":)" + input_json + R"(,"session":")" + session +
         R"(","timestamp":")" + ts + "\"}\n";
}

}  // namespace busytrap::analyze::testing
