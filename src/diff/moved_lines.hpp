#pragma once
// git's --color-moved (diff.c's mark_color_as_moved and dim_moved_lines):
// which printed "-" and "+" lines of a diff are moved, in which of two
// alternating colours, and which are the dull middle of a moved block.
// Pure: the printed line sequence in, one mark per line out.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kongtpl {

/// git's --color-moved modes.
enum class ColorMovedMode {
  No,           ///< no move detection
  Plain,        ///< every line whose twin was added/removed elsewhere
  Blocks,       ///< blocks of at least 20 alphanumeric characters, one colour
  Zebra,        ///< blocks, adjacent ones in alternating colours (git's "default")
  DimmedZebra,  ///< zebra, with the inside of each block dimmed
};

/// git's --color-moved-ws: how lines are compared when looking for moves.
struct MovedWhitespace {
  bool ignore_space_at_eol = false;
  bool ignore_space_change = false;
  bool ignore_all_space = false;
  bool allow_indentation_change = false;  ///< the same text, the whole block re-indented by one amount
};

/// One printed line, in the order the diff prints them.
struct DiffSymbol {
  enum Kind : char { Other = ' ', Removed = '-', Added = '+' };
  Kind kind = Other;       ///< Other: context, headers, markers (they end a block)
  std::string_view text;   ///< a removed or added line's bytes after the sign, "\n" included
};

/// Marks on one printed line (bits).
namespace moved_mark {
inline constexpr uint8_t kMoved = 1;       ///< part of a moved block
inline constexpr uint8_t kAlternate = 2;   ///< zebra's second colour
inline constexpr uint8_t kDimmed = 4;      ///< dimmed-zebra: not at a block's edge
}  // namespace moved_mark

/// The marks of every symbol (0 for Other and unmoved lines), as git
/// computes them over the whole diff.
std::vector<uint8_t> mark_moved_lines(const std::vector<DiffSymbol>& symbols, ColorMovedMode mode,
                                      const MovedWhitespace& whitespace = {});

/// Parses a --color-moved value (no, default, plain, blocks, zebra,
/// dimmed-zebra); nullopt for anything else.
std::optional<ColorMovedMode> parse_color_moved(std::string_view value);

/// Parses a --color-moved-ws value: a comma-separated list of no,
/// ignore-space-at-eol, ignore-space-change, ignore-all-space,
/// allow-indentation-change. Sets error (one line) and returns nullopt when
/// a word is unknown or allow-indentation-change is combined with another.
std::optional<MovedWhitespace> parse_color_moved_ws(std::string_view value, std::string& error);

/// git's colours for moved lines.
namespace moved_color {
inline constexpr const char* kOldMoved = "\x1b[1;35m";     ///< bold magenta
inline constexpr const char* kOldMovedAlt = "\x1b[1;34m";  ///< bold blue
inline constexpr const char* kNewMoved = "\x1b[1;36m";     ///< bold cyan
inline constexpr const char* kNewMovedAlt = "\x1b[1;33m";  ///< bold yellow
inline constexpr const char* kDim = "\x1b[2m";             ///< faint
inline constexpr const char* kDimAlt = "\x1b[2;3m";        ///< faint italic
}  // namespace moved_color

/// The colour git paints a line of kind (Removed or Added) with marks, or
/// nullptr when the line is not moved (its usual colour applies).
const char* moved_line_color(DiffSymbol::Kind kind, uint8_t marks);

}  // namespace kongtpl
