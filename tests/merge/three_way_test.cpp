// merge_texts: the merge algebra, whitespace and indentation handling,
// conflict narrowing and markers, line endings.
#include "merge/three_way.hpp"

#include <gtest/gtest.h>

namespace kongtpl {
namespace {

MergeOptions labelled(ConflictStyle style = ConflictStyle::Merge) {
  MergeOptions options;
  options.style = style;
  options.labels = {"custom_nginx.template", "2.0.0", "2.7.0"};
  return options;
}

const char* kBase =
    "server {\n"
    "    listen 8000;\n"
    "    access_log logs/access.log;\n"
    "    location / {\n"
    "        proxy_pass http://kong;\n"
    "    }\n"
    "}\n";

TEST(MergeAlgebra, UntouchedUserFileBecomesUpstream) {
  std::string theirs =
      "server {\n"
      "    listen 8000 reuseport;\n"
      "    access_log logs/access.log;\n"
      "    location / {\n"
      "        proxy_pass http://kong;\n"
      "        proxy_http_version 1.1;\n"
      "    }\n"
      "}\n";
  MergeResult r = merge_texts(kBase, kBase, theirs, labelled());
  EXPECT_EQ(theirs, r.text);
  EXPECT_TRUE(r.clean());
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(2u, r.upstream_changes_applied);
}

TEST(MergeAlgebra, NoUpstreamChangeKeepsUserFile) {
  std::string ours =
      "server {\n"
      "  listen 9000;\n"
      "    location / {\n"
      "        proxy_pass http://kong;\n"
      "    }\n"
      "}\n";
  MergeResult r = merge_texts(ours, kBase, kBase, labelled());
  EXPECT_EQ(ours, r.text);
  EXPECT_TRUE(r.clean());
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(0u, r.upstream_changes_applied);
}

TEST(MergeAlgebra, SameFileOnBothSidesIsThatFile) {
  std::string x = "server {\n    listen 8443 ssl;\n}\n";
  MergeResult r = merge_texts(x, kBase, x, labelled());
  EXPECT_EQ(x, r.text);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(1u, r.upstream_changes_present);
  EXPECT_EQ(0u, r.upstream_changes_applied);
}

TEST(MergeAlgebra, DisjointEditsBothLand) {
  std::string ours =
      "server {\n"
      "    listen 9000;\n"
      "    access_log logs/access.log;\n"
      "    location / {\n"
      "        proxy_pass http://kong;\n"
      "    }\n"
      "}\n";
  std::string theirs =
      "server {\n"
      "    listen 8000;\n"
      "    access_log logs/access.log;\n"
      "    location / {\n"
      "        proxy_pass http://kong_upstream;\n"
      "    }\n"
      "}\n";
  MergeResult r = merge_texts(ours, kBase, theirs, labelled());
  EXPECT_EQ(
      "server {\n"
      "    listen 9000;\n"
      "    access_log logs/access.log;\n"
      "    location / {\n"
      "        proxy_pass http://kong_upstream;\n"
      "    }\n"
      "}\n",
      r.text);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(1u, r.upstream_changes_applied);
}

TEST(MergeWhitespace, ReindentedUserFileStillMatches) {
  // The user re-indented everything with tabs; upstream realigned a column.
  std::string ours =
      "server {\n"
      "\tlisten 8000;\n"
      "\taccess_log logs/access.log;\n"
      "\tlocation / {\n"
      "\t\tproxy_pass http://kong;\n"
      "\t}\n"
      "}\n";
  std::string theirs =
      "server {\n"
      "    listen      8000;\n"
      "    access_log  logs/access.log;\n"
      "    location / {\n"
      "        proxy_pass http://kong;\n"
      "    }\n"
      "}\n";
  MergeResult r = merge_texts(ours, kBase, theirs, labelled());
  EXPECT_EQ(ours, r.text);  // whitespace-only upstream change: the user's lines stay
  EXPECT_TRUE(r.clean());
  EXPECT_FALSE(r.changed);
}

TEST(MergeWhitespace, WhitespaceChangeReachesLinesTheUserLeftAlone) {
  // Line 1 is the user's (extra spaces), line 2 is exactly base: upstream's
  // realignment lands only where the user had nothing of their own.
  std::string base = "a  = 1\nbb = 2\n";
  std::string ours = "a   =   1\nbb = 2\n";
  std::string theirs = "a = 1\nbb    = 2\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ("a   =   1\nbb    = 2\n", r.text);
  EXPECT_TRUE(r.clean());
}

TEST(MergeWhitespace, SameChangeOnBothSidesKeepsUserWhitespace) {
  std::string base = "a\nb\nc\n";
  std::string ours = "a\n  B  x\nc\n";
  std::string theirs = "a\nB x\nc\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ(ours, r.text);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(1u, r.upstream_changes_present);
}

TEST(MergeIndent, InsertedLineTakesFourMoreSpaces) {
  // The user wrapped the block one level deeper.
  std::string base = "location / {\n    proxy_pass http://kong;\n    proxy_redirect off;\n}\n";
  std::string ours =
      "server {\n    location / {\n        proxy_pass http://kong;\n        proxy_redirect off;\n    }\n}\n";
  std::string theirs =
      "location / {\n    proxy_pass http://kong;\n    proxy_buffering off;\n    proxy_redirect off;\n}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ(
      "server {\n    location / {\n        proxy_pass http://kong;\n        proxy_buffering off;\n"
      "        proxy_redirect off;\n    }\n}\n",
      r.text);
  EXPECT_TRUE(r.clean());
}

TEST(MergeIndent, InsertedLinesFollowTwoSpaceSteps) {
  // The user re-indented a four-space file with two-space steps; upstream
  // adds a nested block, whose levels must shrink too.
  std::string base =
      "http {\n"
      "    server {\n"
      "        listen 80;\n"
      "    }\n"
      "}\n";
  std::string ours =
      "http {\n"
      "  server {\n"
      "    listen 80;\n"
      "  }\n"
      "}\n";
  std::string theirs =
      "http {\n"
      "    server {\n"
      "        listen 80;\n"
      "        location /status {\n"
      "            return 200;\n"
      "        }\n"
      "    }\n"
      "}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ(
      "http {\n"
      "  server {\n"
      "    listen 80;\n"
      "    location /status {\n"
      "      return 200;\n"
      "    }\n"
      "  }\n"
      "}\n",
      r.text);
  EXPECT_TRUE(r.clean());
}

TEST(MergeIndent, InsertedLinesUseTabsWhereTheUserDoes) {
  std::string base =
      "http {\n"
      "    server {\n"
      "        listen 80;\n"
      "    }\n"
      "}\n";
  std::string ours =
      "http {\n"
      "\tserver {\n"
      "\t\tlisten 80;\n"
      "\t}\n"
      "}\n";
  std::string theirs =
      "http {\n"
      "    server {\n"
      "        listen 80;\n"
      "        location /status {\n"
      "            return 200;\n"
      "        }\n"
      "    }\n"
      "}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ(
      "http {\n"
      "\tserver {\n"
      "\t\tlisten 80;\n"
      "\t\tlocation /status {\n"
      "\t\t\treturn 200;\n"
      "\t\t}\n"
      "\t}\n"
      "}\n",
      r.text);
}

TEST(MergeIndent, ChangedLineTakesUserIndentationAndLuaLinesStayAtColumnZero) {
  std::string base =
      "server {\n"
      "    listen 80;\n"
      "    server_name kong;\n"
      "}\n";
  std::string ours =
      "server {\n"
      "      listen 80;\n"
      "      server_name kong;\n"
      "}\n";
  std::string theirs =
      "server {\n"
      "    listen 80;\n"
      "> if ssl then\n"
      "    server_name kong_ssl;\n"
      "> end\n"
      "}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ(
      "server {\n"
      "      listen 80;\n"
      "> if ssl then\n"
      "      server_name kong_ssl;\n"
      "> end\n"
      "}\n",
      r.text);
  EXPECT_TRUE(r.clean());
}

TEST(MergeIndent, InsertionAtTopAnchorsOnTheLineBelow) {
  std::string base = "    a;\n    b;\n";
  std::string ours = "\ta;\n\tb;\n";
  std::string theirs = "    first;\n    a;\n    b;\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ("\tfirst;\n\ta;\n\tb;\n", r.text);
}

TEST(MergeConflict, BothChangedSameLine) {
  std::string base = "a\nb\nc\n";
  std::string ours = "a\nB1\nc\n";
  std::string theirs = "a\nB2\nc\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ(
      "a\n"
      "<<<<<<< custom_nginx.template\n"
      "B1\n"
      "=======\n"
      "B2\n"
      ">>>>>>> 2.7.0\n"
      "c\n",
      r.text);
  ASSERT_EQ(1u, r.conflicts.size());
  const Conflict& c = r.conflicts[0];
  EXPECT_EQ((LineRange{1, 5}), c.output);
  EXPECT_EQ((LineRange{1, 1}), c.ours);
  EXPECT_EQ((LineRange{1, 1}), c.base);
  EXPECT_EQ((LineRange{1, 1}), c.theirs);
  EXPECT_EQ("both sides changed these lines", c.reason);
}

TEST(MergeConflict, Diff3ShowsBaseSection) {
  std::string base = "a\nb\nc\n";
  std::string ours = "a\nB1\nc\n";
  std::string theirs = "a\nB2\nc\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled(ConflictStyle::Diff3));
  EXPECT_EQ(
      "a\n"
      "<<<<<<< custom_nginx.template\n"
      "B1\n"
      "||||||| 2.0.0\n"
      "b\n"
      "=======\n"
      "B2\n"
      ">>>>>>> 2.7.0\n"
      "c\n",
      r.text);
  ASSERT_EQ(1u, r.conflicts.size());
  EXPECT_EQ((LineRange{1, 7}), r.conflicts[0].output);
}

TEST(MergeConflict, UnlabelledMarkersAreBare) {
  MergeResult r = merge_texts("x\n", "a\n", "y\n");
  EXPECT_EQ("<<<<<<<\nx\n=======\ny\n>>>>>>>\n", r.text);
}

TEST(MergeConflict, ZealousNarrowingKeepsAgreedLinesOutside) {
  // Both sides rewrote lines 2-9 and agree on five of them: more than
  // three shared lines with letters keep the two conflicts apart.
  std::string base = "head\nb1\nb2\nb3\nb4\nb5\nb6\nb7\nb8\ntail\n";
  std::string ours = "head\nsame1\nmine\nsame2\nsame3\nsame4\nsame5\nmine2\ntail\n";
  std::string theirs = "head\nsame1\nyours\nsame2\nsame3\nsame4\nsame5\nyours2\ntail\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ(
      "head\n"
      "same1\n"
      "<<<<<<< custom_nginx.template\n"
      "mine\n"
      "=======\n"
      "yours\n"
      ">>>>>>> 2.7.0\n"
      "same2\n"
      "same3\n"
      "same4\n"
      "same5\n"
      "<<<<<<< custom_nginx.template\n"
      "mine2\n"
      "=======\n"
      "yours2\n"
      ">>>>>>> 2.7.0\n"
      "tail\n",
      r.text);
  ASSERT_EQ(2u, r.conflicts.size());
  EXPECT_EQ((LineRange{2, 5}), r.conflicts[0].output);
  EXPECT_EQ((LineRange{2, 1}), r.conflicts[0].ours);
  EXPECT_EQ((LineRange{2, 1}), r.conflicts[0].theirs);
  EXPECT_EQ((LineRange{11, 5}), r.conflicts[1].output);
  EXPECT_EQ((LineRange{7, 1}), r.conflicts[1].ours);
}

TEST(MergeConflict, ConflictsAFewSharedLinesApartAreOneBlock) {
  // git's rule: three or fewer shared lines between two conflicts, or
  // shared lines without a letter or digit, make them one block.
  std::string base = "head\nb1\nb2\nb3\nb4\nb5\ntail\n";
  std::string ours = "head\nsame1\nmine\nsame2\nsame3\nmine2\ntail\n";
  std::string theirs = "head\nsame1\nyours\nsame2\nsame3\nyours2\ntail\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ(
      "head\n"
      "same1\n"
      "<<<<<<< custom_nginx.template\n"
      "mine\n"
      "same2\n"
      "same3\n"
      "mine2\n"
      "=======\n"
      "yours\n"
      "same2\n"
      "same3\n"
      "yours2\n"
      ">>>>>>> 2.7.0\n"
      "tail\n",
      r.text);
  ASSERT_EQ(1u, r.conflicts.size());
  EXPECT_EQ((LineRange{2, 11}), r.conflicts[0].output);
  EXPECT_EQ((LineRange{2, 4}), r.conflicts[0].ours);
  EXPECT_EQ((LineRange{2, 4}), r.conflicts[0].theirs);

  // Five shared lines of braces alone join as well.
  base = "a\nb1\n}\n}\n}\n}\n}\nb2\nz\n";
  ours = "a\nmine\n}\n}\n}\n}\n}\nmine2\nz\n";
  theirs = "a\nyours\n}\n}\n}\n}\n}\nyours2\nz\n";
  r = merge_texts(ours, base, theirs);
  EXPECT_EQ(1u, r.conflicts.size()) << r.text;
}

TEST(MergeConflict, Diff3NarrowedConflictsShowTheirOwnBaseLines) {
  std::string base = "head\nold1\nkeep\nk1\nk2\nk3\nold2\ntail\n";
  std::string ours = "head\nmine1\nkeep2\nk1\nk2\nk3\nmine2\ntail\n";
  std::string theirs = "head\nyours1\nkeep2\nk1\nk2\nk3\nyours2\ntail\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled(ConflictStyle::Diff3));
  EXPECT_EQ(
      "head\n"
      "<<<<<<< custom_nginx.template\n"
      "mine1\n"
      "||||||| 2.0.0\n"
      "old1\n"
      "keep\n"
      "=======\n"
      "yours1\n"
      ">>>>>>> 2.7.0\n"
      "keep2\n"
      "k1\n"
      "k2\n"
      "k3\n"
      "<<<<<<< custom_nginx.template\n"
      "mine2\n"
      "||||||| 2.0.0\n"
      "old2\n"
      "=======\n"
      "yours2\n"
      ">>>>>>> 2.7.0\n"
      "tail\n",
      r.text);
}

TEST(MergeConflict, ReasonsNameWhoDeleted) {
  std::string base = "a\nb\nc\n";
  MergeResult you_deleted = merge_texts("a\nc\n", base, "a\nB\nc\n");
  ASSERT_EQ(1u, you_deleted.conflicts.size());
  EXPECT_EQ("you deleted lines that upstream changed", you_deleted.conflicts[0].reason);
  EXPECT_EQ("a\n<<<<<<<\n=======\nB\n>>>>>>>\nc\n", you_deleted.text);

  MergeResult upstream_deleted = merge_texts("a\nB\nc\n", base, "a\nc\n");
  ASSERT_EQ(1u, upstream_deleted.conflicts.size());
  EXPECT_EQ("upstream deleted lines you changed", upstream_deleted.conflicts[0].reason);

  MergeResult both_added = merge_texts("a\nb\nX\nc\n", base, "a\nb\nY\nc\n");
  ASSERT_EQ(1u, both_added.conflicts.size());
  EXPECT_EQ("both sides added different lines here", both_added.conflicts[0].reason);
  EXPECT_EQ((LineRange{2, 0}), both_added.conflicts[0].base);
}

TEST(MergeConflict, UpstreamLinesInConflictAreReindentedToo) {
  std::string base = "x {\n    a;\n    b;\n}\n";
  std::string ours = "x {\n\ta;\n\tmine;\n}\n";
  std::string theirs = "x {\n    a;\n    yours;\n}\n";
  MergeResult r = merge_texts(ours, base, theirs);
  EXPECT_EQ("x {\n\ta;\n<<<<<<<\n\tmine;\n=======\n\tyours;\n>>>>>>>\n}\n", r.text);
}

TEST(MergeLineEndings, CrlfAndMissingFinalNewlineAreKept) {
  std::string base = "a\nb\nc";
  std::string ours = "a\r\nb\r\nc";
  std::string theirs = "a\nb\nnew\nc\n";
  MergeResult r = merge_texts(ours, base, theirs);
  EXPECT_EQ("a\r\nb\r\nnew\r\nc", r.text);
  EXPECT_TRUE(r.clean());
}

TEST(MergeLineEndings, AppendingAfterUnterminatedLastLine) {
  MergeResult r = merge_texts("a\nb", "a\nb\n", "a\nb\nc\n");
  EXPECT_EQ("a\nb\nc", r.text);
  MergeResult crlf = merge_texts("a\r\nb\r\n", "a\nb\n", "a\nb\nc");
  EXPECT_EQ("a\r\nb\r\nc\r\n", crlf.text);
}

TEST(MergeLineEndings, ConflictMarkersUseCrlf) {
  MergeResult r = merge_texts("a\r\nx\r\n", "a\nb\n", "a\ny\n", labelled());
  EXPECT_EQ("a\r\n<<<<<<< custom_nginx.template\r\nx\r\n=======\r\ny\r\n>>>>>>> 2.7.0\r\n", r.text);
}

TEST(MergeEdgeCases, EmptyTexts) {
  EXPECT_EQ("", merge_texts("", "", "").text);
  EXPECT_EQ("a\n", merge_texts("", "", "a\n").text);
  EXPECT_EQ("a\n", merge_texts("a\n", "", "").text);
  MergeResult deleted = merge_texts("", "a\n", "a\n");
  EXPECT_EQ("", deleted.text);
  EXPECT_TRUE(deleted.clean());
}

TEST(MergeEdgeCases, LargeFileMergesBothSides) {
  // Large enough for the two diffs to run on separate threads.
  std::string base, ours, theirs, expected;
  for (int i = 0; i < 30000; ++i) {
    std::string line = "    directive_" + std::to_string(i) + " on;\n";
    base += line;
    ours += i == 100 ? "    user_" + std::to_string(i) + " on;\n" : line;
    theirs += i == 29000 ? "    upstream_" + std::to_string(i) + " on;\n" : line;
    expected += i == 100 ? "    user_100 on;\n" : i == 29000 ? "    upstream_29000 on;\n" : line;
  }
  MergeResult r = merge_texts(ours, base, theirs);
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(1u, r.upstream_changes_applied);
  EXPECT_TRUE(r.text == expected);
}

TEST(MergeIdempotence, UpgradeAlreadyAppliedAtAnotherSlideIsNotAddedAgain) {
  // The user's file already has upstream's new server block, but its first
  // "}" is indented differently, so base->ours places the block before the
  // closing "}" and base->theirs after it. Both are the same change.
  std::string base = "server {\n    listen 8001;\n}\n";
  std::string theirs = "server {\n    listen 8001;\n}\nserver {\n    listen 8100;\n}\n";
  std::string ours = "server {\n    listen 8001;\n  }\nserver {\n    listen 8100;\n}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ(ours, r.text);
  EXPECT_TRUE(r.clean());
  EXPECT_FALSE(r.changed);
}

TEST(MergeIdempotence, SameDeletionAtAnotherSlideDeletesOneLine) {
  // Both sides delete one of two equal "}" lines, picking different ones.
  std::string base = "a {\n  }\n}\nb\n";
  std::string ours = "a {\n}\nb\n";
  std::string theirs = "a {\n  }\nb\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  // One "}" stays (not none); the user left it exactly as base had it, so
  // upstream's indentation of it is taken.
  EXPECT_EQ("a {\n  }\nb\n", r.text);
  EXPECT_TRUE(r.clean());
}

TEST(MergeIdempotence, AResultWhoseOwnLineTakesThePlaceOfADeletedOneMergesToItself) {
  // Upstream renames a location and drops the last directive; the user
  // adds a line after it. Merged again, the user's line stands where
  // upstream's deletion was (base->result reads "set_b9 became set_o10"):
  // the result already carries every upstream change and is returned as
  // it is, not re-cut into a conflict.
  std::string base = "set_b0 70;\nlocation /b1 {\n    set_b2 0;\n    set_b3 49;\n}\nset_b4 1;\nset_b9 70;\n";
  std::string ours = "set_b0 70;\nlocation /b1 {\n    set_b3 49;\n    set_o11 80;\n}\nset_b4 1;\nset_b9 70;\nset_o10 14;\n";
  std::string theirs = "set_b0 70;\nlocation /b1_t {\n    set_b2 0;\n    set_b3 49;\n}\nset_b4 1;\n";
  MergeResult first = merge_texts(ours, base, theirs, labelled());
  ASSERT_TRUE(first.clean()) << first.text;
  EXPECT_EQ("set_b0 70;\nlocation /b1_t {\n    set_b3 49;\n    set_o11 80;\n}\nset_b4 1;\nset_o10 14;\n", first.text);
  MergeResult again = merge_texts(first.text, base, theirs, labelled());
  EXPECT_EQ(first.text, again.text);
  EXPECT_TRUE(again.clean());
  EXPECT_FALSE(again.changed);
  EXPECT_EQ(0u, again.upstream_changes_applied);
  EXPECT_EQ(2u, again.upstream_changes_present);
}

TEST(MergeIdempotence, UserBlocksInAFileThatCarriesUpstreamMergeToThemselves) {
  // The user's locations sit in a file upstream rewrote around them; the
  // `}` closing each can be paired with any of upstream's `}` by a diff
  // against base, and the result must still merge to itself.
  std::string base = "server {\n    listen 80;\n    location / {\n        a;\n    }\n}\n";
  std::string theirs =
      "server {\n    listen 80 reuseport;\n    location / {\n        a;\n        b;\n    }\n"
      "    location /new {\n        n;\n    }\n}\n";
  std::string ours = "server {\n    listen 80;\n    location /ops/ {\n        ops;\n    }\n    location / {\n        a;\n    }\n}\n";
  MergeResult first = merge_texts(ours, base, theirs, labelled());
  ASSERT_TRUE(first.clean()) << first.text;
  MergeResult again = merge_texts(first.text, base, theirs, labelled());
  EXPECT_EQ(first.text, again.text);
  EXPECT_TRUE(again.clean());
  EXPECT_EQ(0u, again.upstream_changes_applied);
}

TEST(MergeIdempotence, AnEditOfALineUpstreamDeletedIsNeverTakenForACarriedChange) {
  // Everything else upstream did is in the file, but the user's value of
  // a directive upstream removed is a disagreement, not a change made.
  std::string base = "http {\n    a 1;\n    ssl_session_cache shared:SSL:10m;\n    b 2;\n}\n";
  std::string ours = "http {\n    a 1;\n    ssl_session_cache shared:SSL:50m;\n    b 2;\n}\n";
  std::string theirs = "http {\n    a 1;\n    b 2;\n}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  ASSERT_EQ(1u, r.conflicts.size()) << r.text;
  EXPECT_EQ("upstream deleted lines you changed", r.conflicts[0].reason);
}

TEST(MergeMoves, ABlockTheUserMovedThatUpstreamDeletedIsAConflictWhereTheUserPutIt) {
  // Upstream drops /v2; the user had moved it to the top of the server.
  // Keeping the user's copy would keep what upstream removed; dropping it
  // would lose the user's move: the copy stands in a conflict.
  std::string base =
      "server {\n    listen 80;\n    location = /v1 {\n        one();\n    }\n    location = /mid {\n"
      "        mid();\n    }\n    location = /v2 {\n        two();\n    }\n}\n";
  std::string ours =
      "server {\n    location = /v2 {\n        two();\n    }\n    listen 80;\n    location = /v1 {\n"
      "        one();\n    }\n    location = /mid {\n        mid();\n    }\n}\n";
  std::string theirs =
      "server {\n    listen 80;\n    location = /v1 {\n        one();\n    }\n    location = /mid {\n"
      "        mid();\n    }\n}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  ASSERT_EQ(1u, r.conflicts.size()) << r.text;
  EXPECT_EQ("you moved lines here that upstream deleted", r.conflicts[0].reason);
  EXPECT_EQ(0u, r.text.find("server {\n<<<<<<< custom_nginx.template\n    location = /v2 {\n        two();\n    }\n"
                            "=======\n>>>>>>> 2.7.0\n    listen 80;\n"))
      << r.text;
}

TEST(MergeMoves, AnEditOfALineUpstreamMovedGoesWithIt) {
  // Kong 3.x moves `pid` to the top of nginx.lua and drops
  // `worker_processes`; the user had commented pid and set 4 workers. The
  // comment goes with pid to the top; only worker_processes is a
  // disagreement. (A pid left at its old place as well would make nginx
  // refuse a duplicate directive.)
  std::string base =
      "> if nginx_user then\nuser ${{NGINX_USER}};\n> end\nworker_processes ${{NGINX_WORKER_PROCESSES}};\n"
      "daemon ${{NGINX_DAEMON}};\n\npid pids/nginx.pid;\nerror_log logs/error.log;\n";
  std::string ours =
      "> if nginx_user then\nuser ${{NGINX_USER}};\n> end\nworker_processes 4;\ndaemon ${{NGINX_DAEMON}};\n\n"
      "pid pids/nginx.pid;  # systemd reads it\nerror_log logs/error.log;\n";
  std::string theirs =
      "pid pids/nginx.pid;\n> if wasm then\nload_module $(wasm_module);\n> end\n\nerror_log logs/error.log;\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  ASSERT_EQ(1u, r.conflicts.size()) << r.text;
  EXPECT_EQ(r.text.find("pid"), r.text.rfind("pid pids")) << "pid appears once: " << r.text;
  EXPECT_NE(std::string::npos, r.text.find("pid pids/nginx.pid;  # systemd reads it\n")) << r.text;
  EXPECT_NE(std::string::npos, r.text.find("<<<<<<< custom_nginx.template\nworker_processes 4;\n")) << r.text;
}

TEST(MergeMoves, ALineUpstreamDeletesThatTheUserPutInANewBlockIsNotSilentlyDropped) {
  // The user closed `http {` early and opened a server around `gone 2;`;
  // upstream dropped `gone 2;` from http. In the user's file that line is
  // the server's now: dropping it silently would change the user's server.
  // (git conflicts here too.)
  std::string base = "http {\n    a 1;\n    gone 2;\n}\n";
  std::string ours = "http {\n    a 1;\n}\nserver {\n    listen 9000;\n    gone 2;\n}\n";
  std::string theirs = "http {\n    a 1;\n}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_FALSE(r.clean()) << r.text;
  EXPECT_NE(std::string::npos, r.text.find("    gone 2;\n=======")) << r.text;
}

TEST(MergeIdempotence, MergingTheResultAgainChangesNothing) {
  // merge(x, base, theirs) where x already holds upstream's change next to
  // the user's own edit returns x.
  std::string base = "a\nb\nc\n";
  std::string theirs = "a\nb\nnew\nc\n";
  std::string x = "a\nb\nmine\nnew\nc\n";
  MergeResult r = merge_texts(x, base, theirs, labelled());
  EXPECT_EQ(x, r.text);
  EXPECT_TRUE(r.clean());
  EXPECT_FALSE(r.changed);
}

TEST(MergeConflict, StretchOnlyOneSideChangedInsideABothRegionIsNoConflict) {
  // Upstream inserts "new" where the user rewrote "c d" as "D" after having
  // added the same "new" line: git conflicts "D" against "c d", but upstream
  // left "c d" as base had it, so the user's "D" is the only change there.
  std::string base = "a\nb\nc\nd\n";
  std::string ours = "a\nb\nnew\nD\n";
  std::string theirs = "a\nb\nnew\nc\nd\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ("a\nb\nnew\nD\n", r.text);
  EXPECT_TRUE(r.clean());
}

TEST(MergeConflict, DeletionInsideALargerDeletionIsNoConflict) {
  // The user deleted "c"; upstream deleted "b c d". git conflicts, but the
  // larger deletion holds both changes.
  std::string base = "a\nb\nc\nd\ne\n";
  MergeResult upstream_larger = merge_texts("a\nb\nd\ne\n", base, "a\ne\n", labelled());
  EXPECT_EQ("a\ne\n", upstream_larger.text);
  EXPECT_TRUE(upstream_larger.clean());

  MergeResult user_larger = merge_texts("a\ne\n", base, "a\nb\nd\ne\n", labelled());
  EXPECT_EQ("a\ne\n", user_larger.text);
  EXPECT_TRUE(user_larger.clean());

  // Deletions that overlap without one holding the other: each line is
  // gone because one side deleted it, and no side kept anything of its own.
  MergeResult crossing = merge_texts("a\nd\ne\n", base, "a\nb\ne\n", labelled());
  EXPECT_EQ("a\ne\n", crossing.text);
  EXPECT_TRUE(crossing.clean());
}

TEST(MergeConflict, UpstreamDeletingDirectivesConflictsOnlyOnTheOneTheUserEdited) {
  // Upstream drops four directives; the user changed one of them: that one
  // line is the disagreement, the other three go.
  std::string base = "http {\n    a 1;\n    b 2;\n    c 3;\n    d 4;\n    e 5;\n    f 6;\n}\n";
  std::string ours = "http {\n    a 1;\n    b 2;\n    c 30;\n    d 4;\n    e 5;\n    f 6;\n}\n";
  std::string theirs = "http {\n    a 1;\n    f 6;\n}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_EQ(
      "http {\n    a 1;\n<<<<<<< custom_nginx.template\n    c 30;\n=======\n>>>>>>> 2.7.0\n    f 6;\n}\n",
      r.text);
  EXPECT_EQ(1u, r.conflicts.size());
}

TEST(MergeConflict, EditsOfDeletedLinesWithOnlyDeletedLinesBetweenAreOneBlock) {
  // Upstream drops five directives; the user commented the first and the
  // third. The untouched second one goes either way: one disagreement,
  // one block (not two blocks back to back).
  std::string base = "http {\n    a 1;\n    b 2;\n    c 3;\n    d 4;\n    e 5;\n    f 6;\n}\n";
  std::string ours = "http {\n    a 1;  # kept\n    b 2;\n    c 3;  # kept\n    d 4;\n    e 5;\n    f 6;\n}\n";
  std::string theirs = "http {\n    f 6;\n}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  ASSERT_EQ(1u, r.conflicts.size()) << r.text;
  EXPECT_EQ("http {\n<<<<<<< custom_nginx.template\n    a 1;  # kept\n    b 2;\n    c 3;  # kept\n=======\n"
            ">>>>>>> 2.7.0\n    f 6;\n}\n",
            r.text);
}

TEST(MergeConflict, ConflictsAShortGapApartJoinAcrossLinesOneSideDeletedCleanly) {
  // worker_processes and pid edited by the user, both dropped by upstream
  // (3.x moves pid); between them a blank line both keep and `daemon`,
  // which upstream drops and the user left alone: one block, as git shows.
  std::string base = "worker_processes 1;\ndaemon on;\n\npid nginx.pid;\nerror_log x;\n";
  std::string ours = "worker_processes 4;\ndaemon on;\n\npid nginx.pid;  # systemd\nerror_log x;\n";
  std::string theirs = "\nerror_log x;\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  ASSERT_EQ(1u, r.conflicts.size()) << r.text;
  EXPECT_NE(std::string::npos, r.text.find("worker_processes 4;\ndaemon on;\n\npid nginx.pid;  # systemd\n=======\n"))
      << r.text;
}

TEST(MergeConflict, UpstreamDeletingABlockTheUserEditedInsideConflictsOnTheWholeBlock) {
  // Keeping only the user's edited lines would leave `internal;` outside
  // its location: whoever resolves keeps or drops the whole block.
  std::string base =
      "server {\n    listen 80;\n    location /status {\n        internal;\n        access_log off;\n"
      "        stub_status;\n    }\n    location /robots.txt {\n        return 200;\n    }\n}\n";
  std::string ours =
      "server {\n    listen 80;\n    location /status {\n        internal;  # reviewed\n        access_log off;\n"
      "        stub_status;\n    }\n    location /robots.txt {\n        return 200;\n    }\n}\n";
  std::string theirs = "server {\n    listen 80;\n    location /robots.txt {\n        return 200;\n    }\n}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  ASSERT_EQ(1u, r.conflicts.size());
  EXPECT_NE(std::string::npos, r.text.find("<<<<<<< custom_nginx.template\n    location /status {\n")) << r.text;
  EXPECT_NE(std::string::npos, r.text.find("        stub_status;\n    }\n=======\n>>>>>>> 2.7.0\n")) << r.text;
}

TEST(MergeConflict, UpstreamInsertingIntoABlockTheUserDeletedStaysAConflict) {
  // The user moved a location away (deleted it here); upstream added a
  // line inside it. Applying the deletion around upstream's line would
  // leave that line alone in the server.
  std::string base =
      "server {\n    listen 80;\n    location @errors {\n        internal;\n        content_by_lua_block {\n"
      "            Kong.handle_error()\n        }\n    }\n    location / {\n        return 200;\n    }\n}\n";
  std::string ours = "server {\n    listen 80;\n    location / {\n        return 200;\n    }\n}\n";
  std::string theirs =
      "server {\n    listen 80;\n    location @errors {\n        internal;\n        default_type '';\n"
      "        content_by_lua_block {\n            Kong.handle_error()\n        }\n    }\n    location / {\n"
      "        return 200;\n    }\n}\n";
  MergeResult r = merge_texts(ours, base, theirs, labelled());
  EXPECT_FALSE(r.clean());
  EXPECT_EQ(std::string::npos, r.text.find("    default_type '';\n    location / {")) << r.text;
  EXPECT_NE(std::string::npos, r.text.find("=======\n    location @errors {\n")) << r.text;
}

TEST(MergeConflict, TouchingChangesToDifferentLinesBothLand) {
  // The user changes "b", upstream the line right after it: git joins the
  // two into one conflict, but they replace different base lines.
  std::string base = "a\nb\nc\nd\n";
  MergeResult user_first = merge_texts("a\nB\nc\nd\n", base, "a\nb\nC1\nC2\nd\n", labelled());
  EXPECT_EQ("a\nB\nC1\nC2\nd\n", user_first.text);
  EXPECT_TRUE(user_first.clean());

  MergeResult upstream_first = merge_texts("a\nb\nC\nd\n", base, "a\nB1\nB2\nc\nd\n", labelled());
  EXPECT_EQ("a\nB1\nB2\nC\nd\n", upstream_first.text);
  EXPECT_TRUE(upstream_first.clean());

  // A change and a deletion that touch: both land too.
  MergeResult deleted_after = merge_texts("a\nB\nc\nd\n", base, "a\nb\nd\n", labelled());
  EXPECT_EQ("a\nB\nd\n", deleted_after.text);

  // Two insertions at one place stay a conflict: their order is unknown.
  MergeResult both_insert = merge_texts("a\nX\nb\nc\nd\n", base, "a\nY\nb\nc\nd\n", labelled());
  EXPECT_FALSE(both_insert.clean());
}

}  // namespace
}  // namespace kongtpl
