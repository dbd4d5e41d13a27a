#include "diff/hunks.hpp"

#include <algorithm>

namespace kongtpl {

namespace {

// git's hunk header buffer is 128 bytes; the heading is cut to fit (xdl_emit_hunk_hdr).
constexpr size_t kHeaderBuffer = 128;
// git's func_line buffer (struct func_line in xemit.c).
constexpr size_t kFuncnameBuffer = 80;

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// One change of the script plus git's "ignore" mark (xdchange_t.ignore).
struct Atom {
  long i1, chg1, i2, chg2;
  bool ignore;
  long end1() const { return i1 + chg1; }
  long end2() const { return i2 + chg2; }
};

bool all_blank(const std::vector<Line>& lines, size_t start, size_t count, WhitespaceMode mode) {
  for (size_t i = start; i < start + count; ++i)
    if (!is_ignorable_blank_line(lines[i].bytes, mode)) return false;
  return true;
}

// xdl_get_hunk: advances first past ignorable changes too far from others
// and returns the index of the last change of the hunk starting there.
size_t last_change_of_hunk(const std::vector<Atom>& atoms, size_t& first, long context) {
  const long max_common = 2 * context;
  const long max_ignorable = context;
  const size_t n = atoms.size();
  for (size_t p = first; p < n && atoms[p].ignore; ++p) {
    size_t x = p + 1;
    if (x == n || atoms[x].i1 - atoms[p].end1() >= max_ignorable) first = x;
  }
  if (first >= n) return n;

  size_t last = first;
  long ignored = 0;  // blank lines of ignored changes since `last`
  for (size_t p = first, x = first + 1; x < n; p = x, ++x) {
    const long distance = atoms[x].i1 - atoms[p].end1();
    if (distance > max_common) break;
    if (distance < max_ignorable && (!atoms[x].ignore || last == p)) {
      last = x;
      ignored = 0;
    } else if (distance < max_ignorable && atoms[x].ignore) {
      ignored += atoms[x].chg2;
    } else if (last != p && atoms[x].i1 + ignored - atoms[last].end1() > max_common) {
      break;
    } else if (!atoms[x].ignore) {
      last = x;
      ignored = 0;
    } else {
      ignored += atoms[x].chg2;
    }
  }
  return last;
}

}  // namespace

bool default_funcname(std::string_view line, std::string& heading) {
  if (line.empty()) return false;
  const char first = line.front();
  if (!is_ascii_alpha(first) && first != '_' && first != '$') return false;
  size_t len = std::min(line.size(), kFuncnameBuffer);
  while (len > 0 && is_space(line[len - 1])) --len;
  heading.assign(line.substr(0, len));
  return true;
}

std::string hunk_range(const Hunk& hunk) {
  std::string out = "@@ -";
  out.append(std::to_string(hunk.old_start));
  if (hunk.old_count != 1) out.append(",").append(std::to_string(hunk.old_count));
  out.append(" +").append(std::to_string(hunk.new_start));
  if (hunk.new_count != 1) out.append(",").append(std::to_string(hunk.new_count));
  out += " @@";
  return out;
}

std::string hunk_header(const Hunk& hunk) {
  std::string out = hunk_range(hunk);
  if (!hunk.heading.empty()) out += " " + hunk.heading;
  out += '\n';
  return out;
}

std::vector<Hunk> build_hunks(const std::vector<Change>& changes, const std::vector<Line>& before,
                              const std::vector<Line>& after, const HunkOptions& options) {
  const long context = std::max(0, options.context);
  std::vector<Atom> atoms;
  atoms.reserve(changes.size());
  for (const Change& c : changes) {
    bool ignore = options.ignore_blank_lines &&
                  all_blank(before, c.old_start, c.old_count, options.whitespace) &&
                  all_blank(after, c.new_start, c.new_count, options.whitespace);
    atoms.push_back(Atom{static_cast<long>(c.old_start), static_cast<long>(c.old_count),
                         static_cast<long>(c.new_start), static_cast<long>(c.new_count), ignore});
  }
  const long nrec1 = static_cast<long>(before.size());
  const long nrec2 = static_cast<long>(after.size());

  std::vector<Hunk> hunks;
  std::string heading;     // persists between hunks, as git's func_line does
  long heading_limit = -1;  // git's funclineprev: where the last search stopped
  size_t next = 0;
  while (next < atoms.size()) {
    size_t first = next;
    const size_t last = last_change_of_hunk(atoms, first, context);
    if (first >= atoms.size()) break;
    const Atom& a = atoms[first];
    const Atom& z = atoms[last];

    long s1 = std::max(a.i1 - context, 0L);
    long s2 = std::max(a.i2 - context, 0L);
    long tail = std::min(context, nrec1 - z.end1());
    tail = std::min(tail, nrec2 - z.end2());
    const long e1 = z.end1() + tail;
    const long e2 = z.end2() + tail;

    // The heading: the nearest funcname line of the before side above the
    // hunk; only the lines not searched for the previous hunk are scanned.
    for (long l = s1 - 1; l != heading_limit && l >= 0 && l < nrec1; --l) {
      if (default_funcname(before[l].bytes, heading)) break;
    }
    heading_limit = s1 - 1;

    Hunk hunk;
    hunk.old_count = static_cast<size_t>(e1 - s1);
    hunk.new_count = static_cast<size_t>(e2 - s2);
    hunk.old_start = static_cast<size_t>(hunk.old_count ? s1 + 1 : s1);
    hunk.new_start = static_cast<size_t>(hunk.new_count ? s2 + 1 : s2);
    const size_t room = kHeaderBuffer - (hunk_range(hunk).size() + 1) - 1;
    hunk.heading = heading.substr(0, std::min(heading.size(), room));

    auto emit = [&hunk](HunkLineKind kind, long index) {
      hunk.lines.push_back(HunkLine{kind, static_cast<uint32_t>(index)});
    };
    // Context comes from the after side, as in git's xdl_emit_diff.
    for (; s2 < a.i2; ++s2) emit(HunkLineKind::Context, s2);
    s1 = a.i1;
    s2 = a.i2;
    for (size_t x = first;; ++x) {
      const Atom& c = atoms[x];
      for (; s1 < c.i1 && s2 < c.i2; ++s1, ++s2) emit(HunkLineKind::Context, s2);
      for (s1 = c.i1; s1 < c.end1(); ++s1) emit(HunkLineKind::Removed, s1);
      for (s2 = c.i2; s2 < c.end2(); ++s2) emit(HunkLineKind::Added, s2);
      if (x == last) break;
      s1 = c.end1();
      s2 = c.end2();
    }
    for (s2 = z.end2(); s2 < e2; ++s2) emit(HunkLineKind::Context, s2);

    hunks.push_back(std::move(hunk));
    next = last + 1;
  }
  return hunks;
}

}  // namespace kongtpl
