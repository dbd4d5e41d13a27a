#pragma once
// An edit script anchored on lines that occur once on each side (the idea of
// git's patience diff): a template's unique lines (`location @grpc {`,
// `server_name kong;`) pair first, in the longest order both sides share,
// and the minimal diff only fills the gaps between them. A minimal diff
// alone happily pairs `location @grpc {` with a new `location @unbuffered {`
// when that saves a line, which turns "upstream inserted a block before
// @grpc" into "upstream rewrote @grpc", and a merge then conflicts with
// every user edit near it.
#include <cstdint>
#include <vector>

#include "diff/edit_script.hpp"

namespace kongtpl {

/// The changed regions turning `before` into `after`, separated by at least
/// one common line, like diff_ids. The lines that occur once in each are
/// paired in the longest order both keep; where diff_ids' minimal script
/// already pairs each of them it is returned as it is, otherwise the pairs
/// it misses are fixed and the stretches between them diffed minimally. A
/// result more than an eighth (plus 8 lines) longer than the minimal script
/// is given up for the minimal one: the unique lines then moved as a block.
/// `anchorable[id]` says whether a line with that id may anchor (blank
/// lines and lines without a letter or digit should not: a `}` that happens
/// to be unique says nothing about where a block went); ids beyond its size
/// may not.
std::vector<Change> diff_ids_anchored(const std::vector<int32_t>& before, const std::vector<int32_t>& after,
                                      const std::vector<bool>& anchorable);

}  // namespace kongtpl
