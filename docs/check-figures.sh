#!/usr/bin/env bash
# No figure without a source: fails on a measured figure typed by hand.
#
# A measured figure in the book, the README or a crate's docs either comes
# from a results page that `just bench-all` wrote (docs/src/results/*.md,
# pulled in with `{{#include results/x.md}}`), or stands in a sentence that
# says where it comes from. This script reads
#
#   - the chapter pages docs/src/*.md (not docs/src/results/, which
#     bench-all writes),
#   - README.md,
#   - the `//!` docs of crates/*/src/lib.rs,
#
# and reports every figure whose sentence has no source.
#
# What counts as a figure: a number with a unit of time (`1.53 s`,
# `27.3 ms`, `50 µs`, `12 sec`, `2m 07s`, `31 seconds`), a speedup or ratio
# (`x1.92`, `1.7x`, `1.7 times`, `2 times faster`, `seventy times faster`,
# `two orders of magnitude`), a rate (`22,500 requests/s`, `900 MB/s`, `N
# numbers per second`), a percentage (`50.7%`), and a duration in words
# (`about a minute`, `under half a minute`, `well under an hour`, `tens of
# milliseconds`, `a tenth of a millisecond`).
#
# What is a setting, not a measurement: a duration right next to the name of
# a setting, `0.05 s delay`, `0.05 s of forced delay`, `50 ms per number`,
# `10 ms latency`, `5 s timeout`, `at 0.05 s each`, `delay of 0.05 s`,
# `slept the same 50 ms` (the word after it is delay, sleep, latency,
# timeout, interval, pause, wait, per or each; or the word before it is
# delay, sleep, slept, latency, timeout, ..., maybe followed by "of", "is",
# "at", "to", "for", "the same"). Counts (`1000 numbers`, `10^7`, `2
# cores`), versions (`0.5.4`), `x86-64` and HTTP `500s` carry no unit and
# are never figures.
#
# Where a figure may stand:
#
#   1. in a sentence that names a results page: `results/<page>.md`, as text
#      or as a link (`[the comparison's table](results/comparison.md)`);
#   2. in a sentence that credits the Python tutorials with the measurement:
#      "author" (on its author's machine, the Python author measured), or
#      "tutorial" or a tutorial's quoted title ("Parallelization in Python",
#      "compare concurrent methods", "Concurrency in Python", "fully loaded")
#      followed, at most three words later, by a word of measuring or of its
#      results: the tutorial measured, took, ran, reported, printed, found,
#      saw, timed, showed; the tutorial's times, numbers, figures, table,
#      run(s), profiler. A sentence that merely mentions the tutorial ("we
#      run the tutorial's comparison in 1.2 s") is not credited;
#   3. anywhere in a section whose heading starts "What the tutorial" or
#      "What the experiment(s)" (each chapter's quotation of the Python run);
#   4. in a table or list introduced by a sentence, ending in ':', that 1.
#      or 2. lets through ("The tutorial measured:" and its table);
#   5. on a line that carries `<!-- figure: WHY -->`, the deliberate
#      exception (say why: "parameter", "arithmetic on the tutorial's
#      settings", ...). Prefer rewording to the marker.
#
# A sentence ends at `.`, `!` or `?` followed by a space and a capital (or
# the end of the paragraph); a paragraph ends at a blank line, a heading, a
# table row or a list item. Code blocks (``` and ~~~ fences) and
# `{{#include}}` lines are not read: a code block's comments are code.
#
# Usage: bash docs/check-figures.sh            check the files above
#        bash docs/check-figures.sh FILE...    check these files instead
#                                              (*.rs: their `//!` lines)
# Exits 1 with one `FAILED: file:line: hand-typed figure "..."` per figure.
# The test crates/reproduce/tests/figure_check.rs plants figures and checks
# that this script catches them.
set -euo pipefail
script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
if [ "$#" -eq 0 ]; then
    cd "$(dirname "$script")/.."
    set -- README.md docs/src/*.md crates/*/src/lib.rs
fi

exec perl -CSD -x "$script" "$@"
exit 2

#!perl
use strict;
use warnings;
use utf8;

my $num  = qr/\d[\d,]*(?:\.\d+)?/;
my $unit = qr/(?:ns|µs|μs|ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?)/;
# A figure starts at a number that is not part of a word, a version or a
# power (`u64`, `HTTP/1.1`, `10^7`, `RUSTSEC-2025-0052`).
my $start = qr/(?<![\w.\/^-])/;
my $word_unit = qr/(?:(?:nano|micro|milli)?seconds?|minutes?|hours?)\b(?!\s+(?:core|thread|process|worker|run|machine|time|round|one|hardware)s?\b)/;
my @durations = (
    qr/$start(?:$num\s+$unit|\d[\d,]*\.\d+$unit|\d[\d,]*(?:ns|µs|μs|ms|secs?|mins?))\b/,   # 1.53 s, 1.5s, 27.3 ms, 27ms (not "500s")
    qr/$start\d+m\s*\d+(?:\.\d+)?s\b/,                                   # 2m 07s
    qr/\b(?:about|under|over|nearly|roughly|around|almost|within|less\s+than|more\s+than)\s+(?:half\s+)?(?:a|an|one|a\s+few|a\s+couple\s+of)\s+$word_unit/i,
    qr/\b(?:tens|hundreds|thousands)\s+of\s+$word_unit/i,                # tens of milliseconds
    qr/\ba\s+(?:tenth|hundredth|thousandth|fraction)\s+of\s+an?\s+$word_unit/i,
);
my $word_count = qr/(?:two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)/i;
my @others = (
    qr/(?<![\w.])[x×]\d+(?:\.\d+)?(?![\w-])/,                            # x1.92 (not x86-64)
    qr/$start$num[x×](?!\w)/,                                            # 1.7x
    qr/$start\d+\.\d+\s+times\b/,                                        # 1.7 times
    qr/(?:$start\d+|\b$word_count)\s+times\s+(?:faster|slower|as\s+fast|quicker|more|less)\b/i,
    qr/(?:$start\d+|\b$word_count|\bone)\s+orders?\s+of\s+magnitude\b/i,
    qr/$start$num\s*(?:[A-Za-z]+\s*)?\/s\b/,                             # 22,500 requests/s
    qr/$start$num\s+[A-Za-z]+\s+(?:per|a|each)\s+second\b/,              # N numbers per second
    qr/$start$num\s*%/,                                                  # 50.7%
);
my $setting_after  = qr/^[\s-]*(?:of\s+)?(?:forced\s+|fixed\s+)?(?:delays?|sleeps?|latency|timeouts?|intervals?|pauses?|waits?|per|each)\b/i;
my $setting_before = qr/(?:delays?|delayed|sleeps?|slept|sleeping|latency|timeouts?|intervals?|pauses?|waits?)\s*(?:(?:of|is|at|to|for|the\s+same|about)\s+|[=:(]\s*)*$/i;
my $source = qr/(?:tutorials?|["“](?:Concurrency in Python|Parallelization in Python|compare concurrent methods|fully loaded)["”])/i;
my $measuring = qr/(?:measured|measures|measure|took|takes|take|ran|runs|run|reported|reports|printed|prints|found|finds|saw|sees|timed|times|gave|gives|showed|shows|met|meets|numbers|figures|table|tables|profiler)/i;
my $credit = qr/results\/[\w.-]+\.md|\bauthor|$source(?:'s)?\s+(?:[\w-]+\s+){0,3}?$measuring\b/i;
my $failures = 0;

for my $file (@ARGV) {
    open my $fh, '<', $file or die "check-figures: cannot read $file: $!\n";
    my @lines = <$fh>;
    close $fh;
    chomp @lines;
    if ($file =~ /\.rs$/) {
        # Only the crate's `//!` docs; any other line ends a paragraph.
        @lines = map { m{^\s*//!\s?(.*)$} ? $1 : '' } @lines;
    }
    check_file($file, \@lines);
}
if ($failures) {
    print "check-figures: $failures hand-typed figure(s)\n";
    exit 1;
}
exit 0;

sub check_file {
    my ($file, $lines) = @_;
    my @para;              # [line number, text] of the paragraph being read
    my $fence = '';
    my ($section_level, $section_credit) = (0, 0);
    my $carry = 0;         # a credited sentence ending in ':' covers the next table or list
    my $flush = sub {
            if (@para) {
            my $is_block = $para[0][1] =~ /^\s*(?:(?:[-*+]|\d+\.)\s|\|)/;
            my $ends_with_colon = check_paragraph($file, \@para, $section_credit, $carry && $is_block);
            $carry = 0 unless $is_block;
            $carry = 1 if $ends_with_colon;
        }
        @para = ();
    };
    for my $i (0 .. $#$lines) {
        my $line = $lines->[$i];
        my $n    = $i + 1;
        if ($fence) {
            $fence = '' if $line =~ /^\s*\Q$fence\E/;
            next;
        }
        if ($line =~ /^\s*(```+|~~~+)/) {
            $flush->();
            $carry = 0;
            $fence = $1;
            next;
        }
        if ($line =~ /^\s*$/ || $line =~ /\{\{#(?:rustdoc_)?include/) {
            $flush->();
            next;
        }
        if ($line =~ /^(#{1,6})\s+(.*)$/) {
            $flush->();
            $carry = 0;
            my $level = length $1;
            if ($section_credit && $level <= $section_level) {
                $section_credit = 0;
            }
            if ($2 =~ /^What the (?:tutorials?|experiments?)\b/i) {
                ($section_level, $section_credit) = ($level, 1);
            }
            next;
        }
        if ($line =~ /^\s*\|/) {
            $flush->();
            push @para, [$n, $line];
            $flush->();
            next;
        }
        if ($line =~ /^\s*(?:[-*+]|\d+\.)\s/) {
            $flush->();
        }
        push @para, [$n, $line];
    }
    $flush->();
}

# Checks one paragraph, sentence by sentence. Returns whether its last
# sentence ends in ':' and lets figures through (for the block that follows).
sub check_paragraph {
    my ($file, $para, $section_credit, $carry) = @_;
    my $text   = '';
    my @starts;            # offset in $text where each line starts
    for my $entry (@$para) {
        push @starts, length $text;
        $text .= $entry->[1] . "\n";
    }
    my $line_of = sub {
        my ($offset) = @_;
        my $k = 0;
        $k++ while $k < $#starts && $starts[$k + 1] <= $offset;
        return $k;
    };
    my @sentences;
    my $from = 0;
    while ($text =~ /[.!?]["')\]*_]*\s+(?=[A-Z\[`"(*_])/g) {
        push @sentences, [$from, pos($text)];
        $from = pos($text);
    }
    push @sentences, [$from, length $text] if $from < length $text;

    my $last_ok = 0;
    for my $s (@sentences) {
        my ($a, $b) = @$s;
        my $sentence = substr($text, $a, $b - $a);
        my $ok = $section_credit || $carry || $sentence =~ $credit;
        $last_ok = $ok;
        next if $ok;
        for my $figure (find_figures($sentence)) {
            my ($at, $what) = @$figure;
            my $k = $line_of->($a + $at);
            next if $para->[$k][1] =~ /<!--\s*figure:/;
            $what =~ s/\s+/ /g;
            printf "FAILED: %s:%d: hand-typed figure \"%s\" (include it from a results page, name the page in the sentence, or credit the tutorial)\n",
                $file, $para->[$k][0], $what;
            $failures++;
        }
    }
    my $ends_with_colon = $text =~ /:\s*$/;
    return $ends_with_colon && $last_ok;
}

# The figures of one sentence, as [offset, text], settings left out.
sub find_figures {
    my ($sentence) = @_;
    my @found;
    for my $re (@durations) {
        while ($sentence =~ /$re/g) {
            my ($at, $end) = ($-[0], $+[0]);
            my $after  = substr($sentence, $end);
            my $before = substr($sentence, 0, $at);
            next if $after =~ $setting_after || $before =~ $setting_before;
            push @found, [$at, substr($sentence, $at, $end - $at)];
        }
    }
    for my $re (@others) {
        while ($sentence =~ /$re/g) {
            push @found, [$-[0], substr($sentence, $-[0], $+[0] - $-[0])];
        }
    }
    # One report per place, in reading order.
    my %seen;
    return grep { !$seen{$_->[0]}++ } sort { $a->[0] <=> $b->[0] } @found;
}
