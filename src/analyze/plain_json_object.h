#pragma once
// PlainJsonObject: the JSON reader's fast path for the common line: one JSON object of ASCII
// bytes without control characters, which is what Cowrie writes for nearly every event. One
// SIMD pass finds the line's end and marks its quotes and backslashes; with escaped quotes
// removed, quotes pair up, so strings are skipped by bit scans without a structural index, and
// the line is validated as strict JSON on the way.
//
// Contract: scan() returns true only when `line` is, in full, a valid JSON object (RFC 8259:
// string escapes, numbers, literals, nested arrays/objects up to kMaxPlainJsonDepth, spaces
// around tokens) of bytes 0x20..0x7f, at most kMaxPlainJsonLine bytes long. `field(key, value)`
// was then called for every top-level member whose value is a string, in order, with the key
// raw as written (escapes not decoded, as simdjson's raw key comparison sees it); it returns
// where to store the decoded value, or nullptr to skip it. A stored value holding a surrogate
// escape (\uD800..\uDFFF) makes scan() return false, since the full parser decodes those
// losslessly. Stored values are views into `line` or into this object's store, valid until the
// next scan() or next_line(). For anything else scan() returns false: the caller must then parse
// the line with the full parser (simdjson, then the lossless reader) and discard what was
// stored. On lines it accepts, the members reported are those simdjson's On-Demand iteration
// reports. next_line() + scan_marked() is the same as splitting lines with chunk_input.h's
// next_line() and calling scan() on each. One object per thread.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSSE3__)
#include <tmmintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace busytrap::analyze {

inline constexpr int kMaxPlainJsonDepth = 16;
inline constexpr std::size_t kMaxPlainJsonLine = 4096;

class PlainJsonObject {
 public:
  // The line that starts at `p` (p < end) without its terminator '\n' and one '\r' before it (a
  // final line without '\n' counts as a line), as chunk_input.h's next_line() splits it; `next`
  // is where the following line starts. The same SIMD pass that finds the '\n' marks the line
  // for scan_marked(), so the bytes of a line are read once. Bytes from p up to `readable_end`
  // (>= end) may be read.
  struct Line {
    std::string_view text;
    const char* next;
  };
  Line next_line(const char* p, const char* end, const char* readable_end) noexcept;
  // scan() of the line the last next_line() returned.
  template <typename Field>
  bool scan_marked(Field&& field);

  template <typename Field>
  bool scan(std::string_view line, Field&& field) {
    return scan(line, line.data() + line.size(), std::forward<Field>(field));
  }
  // The same, told that the bytes from line.data() up to `readable_end` may be read: the last
  // partial 64-byte block is then classified in place rather than copied out first.
  template <typename Field>
  bool scan(std::string_view line, const char* readable_end, Field&& field) {
    if (line.empty()) return false;
    // A '\n' or a final '\r' in `line` is a control byte, which next_line() would cut at.
    if (next_line(line.data(), line.data() + line.size(), readable_end).text.size() != line.size()) return false;
    return scan_marked(std::forward<Field>(field));
  }

 private:
  static constexpr std::size_t kWords = kMaxPlainJsonLine / 64;
  // Blocks next_line() classifies before it leaves the rest of a longer line to memchr: a line
  // of kMaxPlainJsonLine bytes plus its "\r\n".
  static constexpr std::size_t kLineWords = kWords + 1;
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  bool escapes_valid() noexcept;
  std::size_t next_quote(std::size_t from) const noexcept;
  bool has_backslash(std::size_t from, std::size_t to) const noexcept;
  bool string_at(std::size_t& i, std::string_view& content) const noexcept;
  bool value_at(std::size_t& i, int depth) const noexcept;
  bool container_at(std::size_t& i, int depth) const noexcept;
  bool number_at(std::size_t& i) const noexcept;
  bool member_key_at(std::size_t& i, std::string_view& key) const noexcept;
  enum class After { kMore, kClosed, kInvalid };
  After after_member(std::size_t& i, char close) const noexcept;
  void skip_spaces(std::size_t& i) const noexcept {
    while (i < n_ && s_[i] == ' ') ++i;
  }
  bool decode(std::size_t from, std::size_t to, std::string_view& out);
  std::uint64_t bits_at(const std::uint64_t* words, std::size_t at) const noexcept;

  const char* s_ = nullptr;
  std::size_t n_ = 0;
  std::size_t readable_ = 0;  // bytes from s_ that may be read
  std::size_t words_ = 0;
  bool plain_ = false;  // the line is short enough, of plain bytes, with valid escapes
  bool any_backslash_ = false;
  std::uint64_t quotes_[kLineWords];  // unescaped '"' by position
  std::uint64_t backslashes_[kLineWords];
  std::uint64_t bad_[kLineWords];
  std::uint64_t escape_starts_[kLineWords];  // unescaped '\\' (set by escapes_valid())
  std::uint64_t other_starts_[kLineWords];   // those not of \\ or \" (set by escapes_valid())
  // Decoded values, back to back: an escape is never shorter than what it decodes to, so the
  // values of one line fit in kMaxPlainJsonLine bytes; decode() may write 16 bytes past the end
  // of a value (overwritten by the next one).
  static constexpr std::size_t kCopyBytes = 16;
  char store_[kMaxPlainJsonLine + kCopyBytes];
  std::size_t stored_ = 0;
};

namespace plain_json_detail {

// For the 64 bytes at p, bit i set when p[i] is '"', '\\', or not in 0x20..0x7f.

struct BlockMasks {
  std::uint64_t quote, backslash, bad;
};

inline BlockMasks block_masks(const char* p) noexcept {
#if defined(__AVX2__)
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i backslash = _mm256_set1_epi8('\\');
  const __m256i space = _mm256_set1_epi8(0x20);
  const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  const auto mask = [](__m256i a, __m256i b) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(a))) |
           static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(b))) << 32;
  };
  // Signed compare: below 0x20 are the control bytes and, as negative numbers, 0x80..0xff.
  return BlockMasks{mask(_mm256_cmpeq_epi8(lo, quote), _mm256_cmpeq_epi8(hi, quote)),
                    mask(_mm256_cmpeq_epi8(lo, backslash), _mm256_cmpeq_epi8(hi, backslash)),
                    mask(_mm256_cmpgt_epi8(space, lo), _mm256_cmpgt_epi8(space, hi))};
#elif defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  BlockMasks m{0, 0, 0};
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const auto shift = static_cast<unsigned>(16 * k);
    m.quote |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)))) << shift;
    m.backslash |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, backslash))))
                   << shift;
    // Signed compare: below 0x20 are the control bytes and, as negative numbers, 0x80..0xff.
    m.bad |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, space)))) << shift;
  }
  return m;
#else
  BlockMasks m{0, 0, 0};
  for (unsigned i = 0; i < 64; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    m.quote |= static_cast<std::uint64_t>(c == '"') << i;
    m.backslash |= static_cast<std::uint64_t>(c == '\\') << i;
    m.bad |= static_cast<std::uint64_t>(c < 0x20 || c >= 0x80) << i;
  }
  return m;
#endif
}

// For the 64 bytes at p, bit i set when p[i] is '\n'. Asked only of blocks with a bad byte
// (a '\n' is one): one block per line.
inline std::uint64_t newline_mask(const char* p) noexcept {
#if defined(__AVX2__)
  const __m256i newline = _mm256_set1_epi8('\n');
  const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, newline)))) |
         static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, newline))))
             << 32;
#else
  std::uint64_t m = 0;
  for (unsigned i = 0; i < 64; ++i) m |= static_cast<std::uint64_t>(p[i] == '\n') << i;
  return m;
#endif
}

// For each set of bytes to drop from eight (bit i: byte i), the pshufb control that packs the
// others to the front.
constexpr std::array<std::array<std::uint8_t, 8>, 256> make_drop_bytes() noexcept {
  std::array<std::array<std::uint8_t, 8>, 256> table{};
  for (unsigned drop = 0; drop < 256; ++drop) {
    std::size_t kept = 0;
    for (std::uint8_t i = 0; i < 8; ++i) {
      if ((drop >> i & 1) == 0) table[drop][kept++] = i;
    }
    for (; kept < 8; ++kept) table[drop][kept] = 0x80;  // zero
  }
  return table;
}
inline constexpr std::array<std::array<std::uint8_t, 8>, 256> kDropBytes = make_drop_bytes();

inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
inline bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
inline unsigned hex_value(char c) noexcept {
  return is_digit(c) ? static_cast<unsigned>(c - '0') : static_cast<unsigned>((c | 0x20) - 'a' + 10);
}

}  // namespace plain_json_detail

inline PlainJsonObject::Line PlainJsonObject::next_line(const char* p, const char* end,
                                                        const char* readable_end) noexcept {
  using namespace plain_json_detail;
  if (readable_end < end) readable_end = end;
  const auto available = static_cast<std::size_t>(end - p);
  std::size_t newline = kNone;
  std::uint64_t bad = 0, backslash = 0;  // any in the line (and a final '\r')
  std::size_t w = 0;
  for (; w < kLineWords && 64 * w < available; ++w) {
    const char* const block = p + 64 * w;
    // The input's last partial block is copied so nothing past readable_end is read; the
    // padding is spaces, which mark nothing.
    char tail[64];
    const char* bytes = block;
    if (readable_end - block >= 64) {
      // The input streams from memory once: ask for it 2 KiB ahead, as the hardware prefetcher
      // stops at each 4 KiB page (a hint: no fault, even past the mapping).
      __builtin_prefetch(block + 2048);
    } else {
      std::memset(tail, ' ', sizeof tail);
      std::memcpy(tail, block, static_cast<std::size_t>(end - block));
      bytes = tail;
    }
    const BlockMasks m = block_masks(bytes);
    // Bits past `end`, and from the '\n' on, are not the line's.
    const std::size_t left = available - 64 * w;
    std::uint64_t inside = left >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << left) - 1;
    const std::uint64_t newlines = (m.bad & inside) != 0 ? newline_mask(bytes) & inside : 0;
    if (newlines != 0) inside = (newlines & -newlines) - 1;
    quotes_[w] = m.quote & inside;
    backslashes_[w] = m.backslash & inside;
    bad_[w] = m.bad & inside;
    bad |= bad_[w];
    backslash |= backslashes_[w];
    if (newlines != 0) {
      newline = 64 * w + static_cast<std::size_t>(__builtin_ctzll(newlines));
      break;
    }
  }
  bool in_blocks = true;
  if (newline == kNone && 64 * w < available) {
    // Longer than the blocks classified: the fast path's limit is passed, memchr finds the end.
    in_blocks = false;
    const auto* nl = static_cast<const char*>(std::memchr(p + 64 * w, '\n', available - 64 * w));
    if (nl != nullptr) newline = static_cast<std::size_t>(nl - p);
  }
  std::size_t length = newline == kNone ? available : newline;
  const bool cr = length > 0 && p[length - 1] == '\r';
  if (cr) --length;
  const Line line{std::string_view(p, length), newline == kNone ? end : p + newline + 1};

  s_ = p;
  n_ = length;
  readable_ = static_cast<std::size_t>(readable_end - p);
  words_ = (n_ + 63) / 64;
  plain_ = false;
  if (!in_blocks || n_ > kMaxPlainJsonLine || n_ == 0) return line;
  if (cr) {
    // The '\r' cut off the end was marked bad: the last word keeps the line's bits only.
    const std::uint64_t last = n_ % 64 == 0 ? ~std::uint64_t{0} : (std::uint64_t{1} << (n_ % 64)) - 1;
    quotes_[words_ - 1] &= last;
    backslashes_[words_ - 1] &= last;
    bad_[words_ - 1] &= last;
    bad = backslash = 0;
    for (std::size_t i = 0; i < words_; ++i) {
      bad |= bad_[i];
      backslash |= backslashes_[i];
    }
  }
  if (bad != 0) return line;
  any_backslash_ = backslash != 0;
  plain_ = !any_backslash_ || escapes_valid();
  return line;
}

// After a run of backslashes, the next byte is escaped when the run is odd: drops the quote
// bits of escaped bytes and checks that each makes a JSON escape (\uXXXX with four hex digits).
// Branch-free per word, runs carried across words (simdjson's find_escaped).
inline bool PlainJsonObject::escapes_valid() noexcept {
  using plain_json_detail::is_hex;
  constexpr std::uint64_t kEvenBits = 0x5555555555555555ULL;
  std::uint64_t prev_escaped = 0;
  for (std::size_t w = 0; w < words_; ++w) {
    const std::uint64_t backslash = backslashes_[w] & ~prev_escaped;
    const std::uint64_t follows_escape = backslash << 1 | prev_escaped;
    const std::uint64_t odd_sequence_starts = backslash & ~kEvenBits & ~follows_escape;
    std::uint64_t sequences_starting_on_even_bits;
    prev_escaped = __builtin_add_overflow(odd_sequence_starts, backslash, &sequences_starting_on_even_bits) ? 1 : 0;
    const std::uint64_t invert_mask = sequences_starting_on_even_bits << 1;
    const std::uint64_t escaped = (kEvenBits ^ invert_mask) & follows_escape;
    // Escaped quotes and backslashes are valid escapes; the other escaped bytes are checked
    // one by one (in `echo -e '\\x7f\\x45...'` lines every escape is a backslash).
    const std::uint64_t others = escaped & ~(quotes_[w] | backslashes_[w]);
    quotes_[w] &= ~escaped;
    escape_starts_[w] = backslashes_[w] & ~escaped;
    // An escape's start is the byte before its escaped byte, maybe in the word before.
    other_starts_[w] = others >> 1;
    if (w > 0) other_starts_[w - 1] |= others << 63;
    for (std::uint64_t m = others; m != 0; m &= m - 1) {
      const std::size_t p = 64 * w + static_cast<std::size_t>(__builtin_ctzll(m));
      if (p >= n_) return false;
      switch (s_[p]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': break;
        case 'u':
          if (p + 4 >= n_ || !is_hex(s_[p + 1]) || !is_hex(s_[p + 2]) || !is_hex(s_[p + 3]) || !is_hex(s_[p + 4])) {
            return false;
          }
          break;
        default: return false;
      }
    }
  }
  return prev_escaped == 0;  // else the line ends with an unfinished escape
}

inline std::size_t PlainJsonObject::next_quote(std::size_t from) const noexcept {
  std::size_t w = from / 64;
  if (w >= words_) return kNone;
  std::uint64_t m = quotes_[w] & (~std::uint64_t{0} << (from % 64));
  while (m == 0) {
    if (++w >= words_) return kNone;
    m = quotes_[w];
  }
  return 64 * w + static_cast<std::size_t>(__builtin_ctzll(m));
}

inline bool PlainJsonObject::has_backslash(std::size_t from, std::size_t to) const noexcept {
  if (!any_backslash_ || from >= to) return false;
  for (std::size_t w = from / 64; w <= (to - 1) / 64; ++w) {
    std::uint64_t m = backslashes_[w];
    if (w == from / 64) m &= ~std::uint64_t{0} << (from % 64);
    if (w == (to - 1) / 64 && (to % 64) != 0) m &= (std::uint64_t{1} << (to % 64)) - 1;
    if (m != 0) return true;
  }
  return false;
}

// A string starting at s_[i] == '"': its raw content; i moves past the closing quote.
inline bool PlainJsonObject::string_at(std::size_t& i, std::string_view& content) const noexcept {
  const std::size_t close = next_quote(i + 1);
  if (close == kNone) return false;
  content = std::string_view(s_ + i + 1, close - i - 1);
  i = close + 1;
  return true;
}

// The bits of `words` (one per byte of the line) from position `at` on, as many as one word
// holds; bits past the line are 0.
inline std::uint64_t PlainJsonObject::bits_at(const std::uint64_t* words, std::size_t at) const noexcept {
  const std::size_t w = at / 64;
  const auto shift = static_cast<unsigned>(at % 64);
  std::uint64_t bits = words[w] >> shift;
  if (shift != 0 && w + 1 < words_) bits |= words[w + 1] << (64 - shift);
  return bits;
}

// Decodes the string content s_[from, to) (its escapes were validated by next_line()) into the
// store; false for surrogate escapes. Escapes are found from their bit mask; the runs between
// them are copied kCopyBytes at a time when the bytes after them may be read (in `echo -e
// '\\x7f\\x45...'` they are a few bytes long, too short for memcpy calls to pay). For \\, \" and
// \/ only the backslash is dropped: the escaped byte starts the next run.
inline bool PlainJsonObject::decode(std::size_t from, std::size_t to, std::string_view& out) {
  using plain_json_detail::hex_value;
  char* const start = store_ + stored_;
  char* o = start;
  std::size_t i = from;
#if defined(__SSSE3__)
  // Eight bytes at a time while their escapes are all \\ or \": the backslashes that start them
  // are dropped with one shuffle (the escaped byte stays; an escape split across two groups
  // works the same). The loop below takes over at the first other escape.
  for (; i + 8 <= to; i += 8) {
    const auto drop = static_cast<unsigned>(bits_at(escape_starts_, i) & 0xff);
    if ((bits_at(other_starts_, i) & 0xff) != 0) break;
    const __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(s_ + i));
    const __m128i kept = _mm_shuffle_epi8(bytes, _mm_loadl_epi64(reinterpret_cast<const __m128i*>(
                                                     plain_json_detail::kDropBytes[drop].data())));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(o), kept);
    o += 8 - std::popcount(drop);
  }
#endif
  std::size_t w = i / 64;
  std::uint64_t starts = escape_starts_[w] & (~std::uint64_t{0} << (i % 64));
  while (true) {
    while (starts == 0 && ++w < words_) starts = escape_starts_[w];
    const std::size_t escape =
        starts == 0 ? to : std::min(to, 64 * w + static_cast<std::size_t>(__builtin_ctzll(starts)));
    starts &= starts - 1;
    const std::size_t run = escape - i;
    if (run <= kCopyBytes && i + kCopyBytes <= readable_) {
      std::memcpy(o, s_ + i, kCopyBytes);
    } else {
      std::memcpy(o, s_ + i, run);
    }
    o += run;
    if (escape == to) break;
    const char e = s_[escape + 1];
    if (e == '\\' || e == '"' || e == '/') {
      i = escape + 1;
      continue;
    }
    i = escape + 2;
    switch (e) {
      case 'b': *o++ = '\b'; break;
      case 'f': *o++ = '\f'; break;
      case 'n': *o++ = '\n'; break;
      case 'r': *o++ = '\r'; break;
      case 't': *o++ = '\t'; break;
      default: {  // 'u'
        const unsigned cp = hex_value(s_[i]) << 12 | hex_value(s_[i + 1]) << 8 | hex_value(s_[i + 2]) << 4 |
                            hex_value(s_[i + 3]);
        i += 4;
        if (cp >= 0xd800 && cp <= 0xdfff) return false;
        if (cp < 0x80) {
          *o++ = static_cast<char>(cp);
        } else if (cp < 0x800) {
          *o++ = static_cast<char>(0xc0 | cp >> 6);
          *o++ = static_cast<char>(0x80 | (cp & 0x3f));
        } else {
          *o++ = static_cast<char>(0xe0 | cp >> 12);
          *o++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
          *o++ = static_cast<char>(0x80 | (cp & 0x3f));
        }
        break;
      }
    }
  }
  stored_ += static_cast<std::size_t>(o - start);
  out = std::string_view(start, static_cast<std::size_t>(o - start));
  return true;
}

inline bool PlainJsonObject::number_at(std::size_t& i) const noexcept {
  using plain_json_detail::is_digit;
  if (i < n_ && s_[i] == '-') ++i;
  if (i >= n_) return false;
  if (s_[i] == '0') {
    ++i;
  } else if (is_digit(s_[i])) {
    while (i < n_ && is_digit(s_[i])) ++i;
  } else {
    return false;
  }
  if (i < n_ && s_[i] == '.') {
    ++i;
    if (i >= n_ || !is_digit(s_[i])) return false;
    while (i < n_ && is_digit(s_[i])) ++i;
  }
  if (i < n_ && (s_[i] == 'e' || s_[i] == 'E')) {
    ++i;
    if (i < n_ && (s_[i] == '+' || s_[i] == '-')) ++i;
    if (i >= n_ || !is_digit(s_[i])) return false;
    while (i < n_ && is_digit(s_[i])) ++i;
  }
  return true;
}

inline bool PlainJsonObject::value_at(std::size_t& i, int depth) const noexcept {
  if (i >= n_) return false;
  const std::string_view rest(s_ + i, n_ - i);
  const auto literal = [&](std::string_view word) {
    if (!rest.starts_with(word)) return false;
    i += word.size();
    return true;
  };
  switch (s_[i]) {
    case '"': {
      std::string_view ignored;
      return string_at(i, ignored);
    }
    case '{':
    case '[': return container_at(i, depth);
    case 't': return literal("true");
    case 'f': return literal("false");
    case 'n': return literal("null");
    default: return number_at(i);
  }
}

// An object member's `"key" :` at s_[i] (spaces around the colon); i moves to its value.
inline bool PlainJsonObject::member_key_at(std::size_t& i, std::string_view& key) const noexcept {
  if (i >= n_ || s_[i] != '"' || !string_at(i, key)) return false;
  skip_spaces(i);
  if (i >= n_ || s_[i] != ':') return false;
  ++i;
  skip_spaces(i);
  return true;
}

// What follows a member or element: ',' (more follow; i moves to the next), `close` (i moves
// past it), or anything else (invalid).
inline PlainJsonObject::After PlainJsonObject::after_member(std::size_t& i, char close) const noexcept {
  skip_spaces(i);
  if (i >= n_) return After::kInvalid;
  if (s_[i] == ',') {
    ++i;
    skip_spaces(i);
    return After::kMore;
  }
  if (s_[i] != close) return After::kInvalid;
  ++i;
  return After::kClosed;
}

// An array or object starting at s_[i], validated; i moves past its end.
inline bool PlainJsonObject::container_at(std::size_t& i, int depth) const noexcept {
  if (depth >= kMaxPlainJsonDepth) return false;
  const char close = s_[i] == '[' ? ']' : '}';
  ++i;
  skip_spaces(i);
  if (i < n_ && s_[i] == close) {
    ++i;
    return true;
  }
  while (true) {
    std::string_view key;
    if (close == '}' && !member_key_at(i, key)) return false;
    if (!value_at(i, depth + 1)) return false;
    const After after = after_member(i, close);
    if (after != After::kMore) return after == After::kClosed;
  }
}

template <typename Field>
bool PlainJsonObject::scan_marked(Field&& field) {
  if (!plain_) return false;
  stored_ = 0;
  std::size_t i = 0;
  skip_spaces(i);
  if (i >= n_ || s_[i] != '{') return false;
  ++i;
  skip_spaces(i);
  if (i < n_ && s_[i] == '}') {
    ++i;
    skip_spaces(i);
    return i == n_;
  }
  // Inlined: GCC otherwise makes it a call per member, with the walk's state spilled around it.
  const auto store = [&](std::string_view key, std::size_t open, std::size_t close) __attribute__((always_inline)) {
    std::string_view* const target = field(key);
    if (target == nullptr) return true;
    std::string_view value(s_ + open, close - open);
    if (has_backslash(open, close) && !decode(open, close, value)) return false;
    *target = value;
    return true;
  };
  // Cowrie's own layout first, `"key":"value",` without spaces: each step checks the byte the
  // layout puts there. At anything else (spaces, the closing brace) the general walk below takes
  // over, at the member or after its value.
  bool after_value = false;
  while (i < n_ && s_[i] == '"') {
    const std::size_t key_close = next_quote(i + 1);
    if (key_close == kNone) break;
    const std::size_t v = key_close + 2;
    if (v >= n_ || s_[key_close + 1] != ':' || s_[v] == ' ') break;
    const std::string_view key(s_ + i + 1, key_close - i - 1);
    if (s_[v] == '"') {
      const std::size_t value_close = next_quote(v + 1);
      if (value_close == kNone) return false;  // an unterminated string
      if (!store(key, v + 1, value_close)) return false;
      i = value_close + 1;
    } else {
      i = v;
      if (!value_at(i, 1)) return false;
    }
    after_value = true;
    if (i + 1 < n_ && s_[i] == ',' && s_[i + 1] == '"') {
      ++i;
      after_value = false;
    } else {
      break;
    }
  }
  // The general walk: spaces around tokens.
  if (after_value) {
    const After after = after_member(i, '}');
    if (after == After::kInvalid) return false;
    if (after == After::kClosed) {
      skip_spaces(i);
      return i == n_;
    }
  }
  while (true) {
    std::string_view key, value;
    if (!member_key_at(i, key) || i >= n_) return false;
    if (s_[i] == '"') {
      const std::size_t open = i + 1;
      if (!string_at(i, value)) return false;
      if (!store(key, open, i - 1)) return false;
    } else if (!value_at(i, 1)) {
      return false;
    }
    const After after = after_member(i, '}');
    if (after == After::kInvalid) return false;
    if (after == After::kClosed) break;
  }
  skip_spaces(i);
  return i == n_;
}

}  // namespace busytrap::analyze
