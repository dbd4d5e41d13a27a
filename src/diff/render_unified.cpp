#include "diff/render_unified.hpp"

#include <cstdio>

#include "diff/blob_id.hpp"
#include "diff/quote_path.hpp"

namespace kongtpl {

namespace {

using namespace diff_color;

std::string octal_mode(uint32_t mode) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%06o", static_cast<unsigned>(mode));
  return buffer;
}

std::string short_id(const FileSide* side) {
  if (!side) return null_blob_id().substr(0, 7);
  return (side->blob_id.empty() ? git_blob_id(side->bytes) : side->blob_id).substr(0, 7);
}

// git's count_trailing_blank (diff.c), kept literal: counts whitespace-only
// lines at the end, never the very first byte's line.
long count_trailing_blank(std::string_view text) {
  if (text.empty()) return 0;
  long cnt = 0;
  long ptr = static_cast<long>(text.size()) - 1;
  if (text[ptr] == '\n') --ptr;
  while (0 < ptr) {
    long prev_eol = ptr;
    for (; 0 <= prev_eol; --prev_eol)
      if (text[prev_eol] == '\n') break;
    bool blank = true;
    for (long i = prev_eol + 1; i <= ptr; ++i)
      if (!is_space(text[i])) blank = false;
    if (!blank) break;
    ++cnt;
    ptr = prev_eol - 1;
  }
  return cnt;
}

// Writes one printed line the way git's emit_line_0 does: colour, sign,
// content, reset, then a CR and LF kept outside the colour.
class Printer {
 public:
  Printer(std::string& out, bool color) : out_(out), color_(color) {}

  void meta(const std::string& text, const char* tail = "") {
    if (color_) out_ += kMeta;
    out_ += text;
    if (color_) out_ += kReset;
    out_ += tail;
    out_ += '\n';
  }

  void hunk_header(const Hunk& hunk) {
    if (!color_) {
      out_ += kongtpl::hunk_header(hunk);
      return;
    }
    out_ += kFrag;
    out_ += hunk_range(hunk);
    out_ += kReset;
    if (!hunk.heading.empty()) {
      out_ += " ";
      out_ += kReset;
      out_ += hunk.heading;
      out_ += kReset;
    }
    out_ += '\n';
  }

  // A context or removed line; set is "" for context.
  void plain(char sign, const char* set, std::string_view bytes) {
    Split s = split(bytes);
    if (color_) out_ += set;
    out_ += sign;
    out_ += s.body;
    if (color_) out_ += kReset;
    finish(s);
  }

  // moved: the colour of a moved line instead of the added colour.
  void added(std::string_view bytes, bool blank_at_eof, const char* moved = nullptr) {
    Split s = split(bytes);
    if (!color_) {
      out_ += '+';
      out_ += s.body;
      finish(s);
      return;
    }
    if (blank_at_eof) {  // a blank line added at the end: all of it painted
      out_ += kWhitespace;
      out_ += '+';
      out_ += s.body;
      out_ += kReset;
      finish(s);
      return;
    }
    const char* set = moved ? moved : kNew;
    out_ += set;
    out_ += '+';
    out_ += kReset;
    check_whitespace(bytes, set);
  }

  // A hunk under --word-diff (git's diff_words): runs of removed and added
  // lines compared word by word, context lines without their sign.
  void word_hunk(const FileDiff& file, const Hunk& hunk, WordDiffMode mode) {
    std::string minus, plus;
    auto flush = [&] {
      out_ += word_diff(minus, plus, mode, color_);
      minus.clear();
      plus.clear();
    };
    // A last line without "\n" reads as if it had one: git's callback gets
    // the "\n" of the "\ No newline at end of file" marker, then skips it.
    auto with_newline = [](std::string_view bytes) {
      std::string line(bytes);
      if (line.empty() || line.back() != '\n') line += '\n';
      return line;
    };
    for (const HunkLine& line : hunk.lines) {
      if (line.kind == HunkLineKind::Removed) {
        minus += with_newline(file.before_lines[line.index].bytes);
      } else if (line.kind == HunkLineKind::Added) {
        plus += with_newline(file.after_lines[line.index].bytes);
      } else {
        flush();
        const std::string context = with_newline(file.after_lines[line.index].bytes);
        Split s = split(context);
        if (!s.body.empty()) {
          out_ += s.body;
          if (color_) out_ += kReset;
        }
        finish(s);
      }
    }
    flush();
  }

  // The line before it lacked its "\n"; git supplies one first.
  void no_newline_marker() {
    out_ += "\n\\ No newline at end of file";
    if (color_) out_ += kReset;
    out_ += '\n';
  }

 private:
  struct Split {
    std::string_view body;
    bool cr = false, lf = false;
  };

  static Split split(std::string_view bytes) {
    Split s;
    s.lf = !bytes.empty() && bytes.back() == '\n';
    if (s.lf) bytes.remove_suffix(1);
    s.cr = !bytes.empty() && bytes.back() == '\r';
    if (s.cr) bytes.remove_suffix(1);
    s.body = bytes;
    return s;
  }

  void finish(const Split& s) {
    if (s.cr) out_ += '\r';
    if (s.lf) out_ += '\n';
  }

  // git's ws_check_emit for the default rule (blank-at-eol,
  // space-before-tab): errors painted, the rest in the added colour.
  void check_whitespace(std::string_view line, const char* set) {
    const bool lf = !line.empty() && line.back() == '\n';
    if (lf) line.remove_suffix(1);
    const size_t len = line.size();
    size_t trailing = len;
    while (trailing > 0 && is_space(line[trailing - 1])) --trailing;
    size_t written = 0, i = 0;
    for (; i < trailing; ++i) {
      if (line[i] == ' ') continue;
      if (line[i] != '\t') break;
      if (written < i) {  // spaces before a tab
        out_ += kWhitespace;
        out_.append(line.substr(written, i - written));
        out_ += kReset;
        out_ += '\t';
      } else {
        out_ += '\t';
      }
      written = i + 1;
    }
    if (trailing > written) {
      out_ += set;
      out_.append(line.substr(written, trailing - written));
      out_ += kReset;
    }
    if (trailing != len) {
      out_ += kWhitespace;
      out_.append(line.substr(trailing));
      out_ += kReset;
    }
    if (lf) out_ += '\n';
  }

  std::string& out_;
  bool color_;
};


// The printed lines of files as git emits them, for move detection: each
// removed and added line, and a separator where anything else is printed.
std::vector<DiffSymbol> printed_symbols(const std::vector<const FileDiff*>& files) {
  std::vector<DiffSymbol> symbols;
  for (const FileDiff* file : files) {
    if (!file->has_change() || file->binary) continue;
    for (const Hunk& hunk : file->hunks) {
      symbols.push_back(DiffSymbol{});  // the headers before it
      for (const HunkLine& line : hunk.lines) {
        const bool is_removed = line.kind == HunkLineKind::Removed;
        const Line& text = is_removed ? file->before_lines[line.index] : file->after_lines[line.index];
        DiffSymbol::Kind kind = line.kind == HunkLineKind::Context ? DiffSymbol::Other
                                : is_removed                        ? DiffSymbol::Removed
                                                                    : DiffSymbol::Added;
        symbols.push_back(DiffSymbol{kind, text.bytes});
        if (!text.has_newline()) symbols.push_back(DiffSymbol{});  // "\ No newline at end of file"
      }
    }
  }
  return symbols;
}

// The moved marks of the removed and added lines of files, in print order
// (empty when moves are not coloured).
std::vector<uint8_t> moved_marks(const std::vector<const FileDiff*>& files, const UnifiedStyle& style) {
  std::vector<uint8_t> marks;
  if (!style.color || style.moved == ColorMovedMode::No || style.words != WordDiffMode::None) return marks;
  const std::vector<DiffSymbol> symbols = printed_symbols(files);
  const std::vector<uint8_t> all = mark_moved_lines(symbols, style.moved, style.moved_whitespace);
  for (size_t i = 0; i < symbols.size(); ++i)
    if (symbols[i].kind != DiffSymbol::Other) marks.push_back(all[i]);
  return marks;
}

// One file; marks walks the moved marks of its changed lines (null: none).
std::string render_file(const FileDiff& file, const UnifiedStyle& style, const uint8_t*& marks) {
  std::string out;
  if (!file.has_change()) return out;
  Printer print(out, style.color);
  const FileSide* before = file.before.get();
  const FileSide* after = file.after.get();
  const std::string a = quote_path("a/", before ? before->path : after->path);
  const std::string b = quote_path("b/", after ? after->path : before->path);

  print.meta("diff --git " + a + " " + b);
  if (!before) print.meta("new file mode " + octal_mode(after->mode));
  if (!after) print.meta("deleted file mode " + octal_mode(before->mode));
  if (file.mode_changed()) {
    print.meta("old mode " + octal_mode(before->mode));
    print.meta("new mode " + octal_mode(after->mode));
  }
  if (!before || !after || file.content_changed()) {
    std::string index = "index " + short_id(before) + ".." + short_id(after);
    if (before && after && before->mode == after->mode) index += " " + octal_mode(before->mode);
    print.meta(index);
  }

  if (file.binary) {
    if (!before || !after || file.content_changed())
      out += "Binary files " + (before ? a : std::string("/dev/null")) + " and " +
             (after ? b : std::string("/dev/null")) + " differ\n";
    return out;
  }
  if (file.hunks.empty()) return out;

  const std::string minus = before ? a : "/dev/null";
  const std::string plus = after ? b : "/dev/null";
  print.meta("--- " + minus, minus.find(' ') != std::string::npos ? "\t" : "");
  print.meta("+++ " + plus, plus.find(' ') != std::string::npos ? "\t" : "");

  // Where blank lines added at the end of the file start (git's
  // check_blank_at_eof); 0 when there are none to flag.
  long eof_pre = 0, eof_post = 0;
  if (style.color) {
    const std::string_view old_bytes = before ? std::string_view(before->bytes) : std::string_view();
    const std::string_view new_bytes = after ? std::string_view(after->bytes) : std::string_view();
    const long l1 = count_trailing_blank(old_bytes);
    const long l2 = count_trailing_blank(new_bytes);
    if (l2 > l1) {
      eof_pre = static_cast<long>(file.before_lines.size()) - l1 + 1;
      eof_post = static_cast<long>(file.after_lines.size()) - l2 + 1;
    }
  }

  if (style.words != WordDiffMode::None) {
    for (const Hunk& hunk : file.hunks) {
      print.hunk_header(hunk);
      print.word_hunk(file, hunk, style.words);
    }
    return out;
  }

  for (const Hunk& hunk : file.hunks) {
    print.hunk_header(hunk);
    long lno_pre = static_cast<long>(hunk.old_start), lno_post = static_cast<long>(hunk.new_start);
    for (const HunkLine& line : hunk.lines) {
      const bool is_removed = line.kind == HunkLineKind::Removed;
      const Line& text = is_removed ? file.before_lines[line.index] : file.after_lines[line.index];
      switch (line.kind) {
        case HunkLineKind::Context:
          ++lno_pre;
          ++lno_post;
          print.plain(' ', "", text.bytes);
          break;
        case HunkLineKind::Removed: {
          ++lno_pre;
          const char* moved = marks ? moved_line_color(DiffSymbol::Removed, *marks++) : nullptr;
          print.plain('-', moved ? moved : kOld, text.bytes);
          break;
        }
        case HunkLineKind::Added: {
          ++lno_post;
          const bool at_eof = eof_pre && eof_post && eof_pre <= lno_pre && eof_post <= lno_post &&
                              is_blank_line(text.bytes);
          const char* moved = marks ? moved_line_color(DiffSymbol::Added, *marks++) : nullptr;
          print.added(text.bytes, at_eof, moved);
          break;
        }
      }
      if (!text.has_newline()) print.no_newline_marker();
    }
  }
  return out;
}

}  // namespace

std::string render_unified_file(const FileDiff& file, const UnifiedStyle& style) {
  const std::vector<uint8_t> marks = moved_marks({&file}, style);
  const uint8_t* cursor = marks.empty() ? nullptr : marks.data();
  return render_file(file, style, cursor);
}

std::string render_unified(const std::vector<FileDiff>& files, const UnifiedStyle& style) {
  std::vector<const FileDiff*> all;
  for (const FileDiff& file : files) all.push_back(&file);
  // git looks for moves across the whole diff: a block may move between files.
  const std::vector<uint8_t> marks = moved_marks(all, style);
  const uint8_t* cursor = marks.empty() ? nullptr : marks.data();
  std::string out;
  for (const FileDiff& file : files) out += render_file(file, style, cursor);
  return out;
}

}  // namespace kongtpl
