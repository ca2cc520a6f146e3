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
#   - the `//!` docs of every module, crates/*/src/**/*.rs,
#
# and reports every figure that has no source beside it.
#
# What counts as a figure: a number with a unit of time (`1.53 s`,
# `27.3 ms`, `50 µs`, `12 sec`, `2m 07s`, `31 seconds`), a speedup or ratio
# (`x1.92`, `1.7x`, `1.7 times`, `2 times faster`, `seventy times faster`,
# `two orders of magnitude`), a rate (`22,500 requests/s`, `900 MB/s`, `N
# numbers per second`), a percentage (`50.7%`), and a duration in words
# (`about a minute`, `under half a minute`, `well under an hour`, `tens of
# milliseconds`, `a tenth of a millisecond`), a memory size (`1.5 GiB`,
# `900 MB`), a unitless ratio (`a speedup of 1.99`, `an efficiency of
# 0.95`) and a ratio in words (`twice as fast`, `three times as long`, `half
# the time`, `doubles the throughput`).
#
# What is a setting, not a measurement: a duration right next to the name of
# a setting, `0.05 s delay`, `0.05 s of forced delay`, `50 ms per number`,
# `10 ms latency`, `5 s timeout`, `at 0.05 s each`, `delay of 0.05 s`,
# `slept the same 50 ms` (the word after it is delay, sleep, latency,
# timeout, interval, pause, wait, per or each; or the word before it is
# delay, sleep, slept, latency, timeout, ..., maybe followed by "of", "is",
# "at", "to", "for", "the same"; deadline, floor, period; `N numbers at
# 50 ms`; `every 4096 numbers or 0.1 s`; `5 s by default`). Counts (`1000 numbers`, `10^7`, `2
# cores`), versions (`0.5.4`), `x86-64` and HTTP `500s` carry no unit and
# are never figures. A memory size next to a cache, buffer, segment,
# block, stack, page or limit is the machine's or a setting (`the L2 cache
# (256 KiB)`).
#
# Where a figure may stand:
#
#   1. in a sentence that names a results page: `results/<page>.md`, as text
#      or as a link (`[the comparison's table](results/comparison.md)`),
#      when the figure, exactly as typed, is on that page (a figure in
#      words, `about half the time`, cannot be matched: the page must exist);
#   2. beside a credit to the Python tutorials: "author(s)" as a word (on
#      its author's machine, the Python author measured; not
#      "authoritative"), or "tutorial" or a tutorial's quoted title
#      ("Parallelization in Python", "compare concurrent methods",
#      "Concurrency in Python", "fully loaded") followed, at most three
#      words later, by a word of measuring or of its results: the tutorial
#      measured, took, ran, reported, printed, found, saw, timed, showed;
#      the tutorial's times, numbers, figures, table, run(s), profiler.
#      The credit covers the figures of its own clause only, at most six
#      words away (other figures of a list aside): no `,` (unless another
#      figure follows it), `;`, bracket or dash between them, nor a word that
#      turns to another measurement (where, while, but, than, against,
#      compared, unlike, we, our, Rust...). "Rust took 0.9 s where the
#      tutorial took 50 s" credits the 50 s and fails on the 0.9 s; a
#      sentence that merely mentions the tutorial ("we run the tutorial's
#      comparison in 1.2 s") credits nothing;
#   3. anywhere in a section whose heading starts "What the tutorial" or
#      "What the experiment(s)" (each chapter's quotation of the Python run);
#   4. in a table or list introduced by a sentence, ending in ':', that 1.
#      or 2. lets through ("The tutorial measured:" and its table; a table
#      after "From results/sync.md:" must be on that page);
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
root="$(cd "$(dirname "$script")/.." && pwd)"
if [ "$#" -eq 0 ]; then
    cd "$root"
    mapfile -t modules < <(find crates -path 'crates/*/src/*' -name '*.rs' | LC_ALL=C sort)
    set -- README.md docs/src/*.md "${modules[@]}"
fi

FIGURES_ROOT="$root" exec perl -CSD -x "$script" "$@"
exit 2

#!perl
use strict;
use warnings;
use utf8;

my $root = $ENV{FIGURES_ROOT} // '.';
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
my $word_count = qr/(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)/i;
my $comparative = qr/(?:faster|slower|quicker|longer|shorter|more|less|as\s+(?:fast|slow|long|quick(?:ly)?|much|many))/i;
# A pattern with a group reports the group (the number of "a speedup of
# 1.99"), one without reports the whole match.
my @others = (
    qr/(?<![\w.])[x×]\d+(?:\.\d+)?(?![\w-])/,                            # x1.92 (not x86-64)
    qr/$start$num[x×](?!\w)/,                                            # 1.7x
    qr/$start\d+\.\d+\s+times\b/,                                        # 1.7 times
    qr/(?:$start\d+|\b$word_count)\s+times\s+(?:$comparative|the)\b/i,   # three times as fast
    qr/\b(?:twice|thrice|half)\s+(?:$comparative|the\s+(?:time|speed|throughput|rate|wall[- ]clock))\b/i,
    qr/\b(?:doubl|halv|tripl)(?:es|ed|ing)\s+(?:the\s+|its\s+|their\s+)?(?:time|speed|throughput|rate|run\s*time|wall[- ]clock)\b/i,
    qr/(?:$start\d+|\b$word_count|\bone)\s+orders?\s+of\s+magnitude\b/i,
    qr/$start$num\s*(?:[A-Za-z]+\s*)?\/s\b/,                             # 22,500 requests/s
    qr/$start$num\s+[A-Za-z]+\s+(?:per|a|each)\s+second\b/,              # N numbers per second
    qr/$start$num\s*%/,                                                  # 50.7%
    # A unitless ratio: "a speedup of 1.99", "an efficiency of 0.95".
    qr/\b(?:speed-?ups?|slow-?downs?|ratios?|efficienc(?:y|ies)|scaling|gains?|factor|(?:faster|slower)\s+by)\s*(?:(?:of|is|was|were|at|by|reached|reaches|around|about|roughly|nearly|only|just|near|=|:)\s*)*$start(\d+(?:\.\d+)?)(?![\w%]|\.\d|\s+(?:threads?|cores?|workers?|process(?:es)?|rounds?|runs?|times|s|ms|µs|seconds?)\b)/i,
);
# A memory size is a size of the machine or a setting when it names a
# cache, a buffer, a segment...: "sized to the L2 cache (256 KiB)".
my $memory = qr/$start$num\s*(?:[KMGT]i?B|kB)\b/;                        # 1.5 GiB, 900 MB
my $memory_setting_after  = qr/^\s*(?:L\d\s+)?(?:caches?|buffers?|segments?|blocks?|stacks?|pages?|limits?)\b/i;
my $memory_setting_before = qr/(?:caches?|buffers?|segments?|blocks?|stacks?|pages?|limits?)\s*(?:(?:of|is|at|to)\s+|[=:(]\s*)*$/i;
my $setting_after  = qr/^[\s-]*(?:of\s+)?(?:forced\s+|fixed\s+)?(?:delays?|sleeps?|latency|timeouts?|intervals?|pauses?|waits?|per|each|by\s+default)\b/i;
my $setting_before = qr/(?:(?:delays?|delayed|sleeps?|slept|sleeping|latency|timeouts?|intervals?|pauses?|waits?|deadlines?|floors?|ceilings?|periods?|numbers?\s+at)[`\]]*\s*(?:(?:of|is|at|to|for|the\s+same|about)\s+|[=:(]\s*)*|\bevery\s+[\d,]+\s+\w+\s+or\s+)$/i;
my $source = qr/(?:tutorials?|["“](?:Concurrency in Python|Parallelization in Python|compare concurrent methods|fully loaded)["”])/i;
my $measuring = qr/(?:measured|measures|measure|took|takes|take|ran|runs|run|reported|reports|printed|prints|found|finds|saw|sees|timed|times|gave|gives|showed|shows|met|meets|numbers|figures|table|tables|profiler)/i;
# A credit to the tutorials covers the figures of its own clause only.
my $credit = qr/\bauthors?\b|$source(?:'s)?\s+(?:[\w-]+\s+){0,3}?$measuring\b/i;
my $page_ref = qr/((?:[\w.-]+\/)*results\/[\w.-]+\.md)/;
# What ends a clause between a figure and the credit after it: "Rust took
# 0.9 s where the tutorial took 50 s" credits the 50 s only. A credit
# before its figures covers a list ("the tutorial measured 58.43 s, threads
# at 98.23 s and ...") until a word turns to another measurer.
my $back_boundary = qr/[;()\[\]—,]|\s[–-]\s|\b(?:where|whereas|while|whilst|but|than|against|versus|vs|compared|although|though|unlike|yet|ours?|we|us|Rust(?:'s)?)\b/i;
my $fwd_boundary  = qr/[;—]|\s[–-]\s|\b(?:where|whereas|while|whilst|but|yet|although|though|unlike|ours?|we|us|here|Rust(?:'s)?)\b/i;
my $ours_after    = qr/^\W*(?:[\w`]+\W+){0,2}?(?:in|by|for|with|on)\s+(?:Rust|ours?|this\s+machine)\b/i;
my ($back_words, $fwd_words) = (6, 12);
my $failures = 0;
my %pages;             # results page path => its text, whitespace collapsed

for my $file (@ARGV) {
    open my $fh, '<', $file or die "check-figures: cannot read $file: $!\n";
    my @lines = <$fh>;
    close $fh;
    chomp @lines;
    if ($file =~ /\.rs$/) {
        # Only the module's `//!` docs; any other line ends a paragraph.
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
    my $carry;             # a credited sentence ending in ':' covers the next table or list
    my $flush = sub {
        if (@para) {
            my $is_block = $para[0][1] =~ /^\s*(?:(?:[-*+]|\d+\.)\s|\|)/;
            my $intro = check_paragraph($file, \@para, $section_credit, $is_block ? $carry : undef);
            $carry = undef unless $is_block;
            $carry = $intro if $intro;
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
            $carry = undef;
            $fence = $1;
            next;
        }
        if ($line =~ /^\s*$/ || $line =~ /\{\{#(?:rustdoc_)?include/) {
            $flush->();
            next;
        }
        if ($line =~ /^(#{1,6})\s+(.*)$/) {
            $flush->();
            $carry = undef;
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

# Checks one paragraph, sentence by sentence. `$carry` is the credit of the
# sentence that introduced this table or list: { tutorial => 1 } or
# { pages => [...] }. Returns the credit of its last sentence when that
# ends in ':' and credits all its figures (for the block that follows).
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

    my $last_credit;
    for my $s (@sentences) {
        my ($a, $b) = @$s;
        my $sentence = substr($text, $a, $b - $a);
        my @pages = map { resolve_page($file, $_) } ($sentence =~ /$page_ref/g);
        push @pages, @{ $carry->{pages} } if $carry && $carry->{pages};
        my @figures = find_figures($sentence);
        my @credits;
        while ($sentence =~ /$credit/g) {
            push @credits, [$-[0], $+[0]];
        }
        my $all_credited = 1;
        for my $figure (@figures) {
            my ($at, $end, $what) = @$figure;
            next if $section_credit || ($carry && $carry->{tutorial});
            next if credited($sentence, $at, $end, \@credits, \@figures);
            $all_credited = 0;
            my $k = $line_of->($a + $at);
            next if $para->[$k][1] =~ /<!--\s*figure:/;
            $what =~ s/\s+/ /g;
            if (@pages) {
                # A figure in words ("twice as fast") cannot be matched
                # on a page: naming a page that exists is its source.
                next if grep { $what =~ /\d/ ? on_page($_, $what) : defined $_->[1] } @pages;
                printf "FAILED: %s:%d: hand-typed figure \"%s\" is not on %s, the results page its sentence names\n",
                    $file, $para->[$k][0], $what, join(' or ', map { $_->[0] } @pages);
            } else {
                printf "FAILED: %s:%d: hand-typed figure \"%s\" (include it from a results page, name the page in the sentence, or credit the tutorial beside it)\n",
                    $file, $para->[$k][0], $what;
            }
            $failures++;
        }
        $last_credit = undef;
        if ($section_credit || ($carry && $carry->{tutorial}) || (@credits && $all_credited)) {
            $last_credit = { tutorial => 1 };
        } elsif (@pages) {
            $last_credit = { pages => \@pages };
        }
    }
    return $text =~ /:\s*$/ ? $last_credit : undef;
}

# Whether a credit to the tutorials stands beside the figure at
# [$at, $end): after it in its clause, at most six words away; or before
# it, each figure of the list since the credit at most twelve words from
# the last, with no boundary between, and the figure not followed by "in
# Rust", "on this machine"...
sub credited {
    my ($sentence, $at, $end, $credits, $figures) = @_;
    my $masked = $sentence;
    for my $f (@$figures) {
        substr($masked, $f->[0], $f->[1] - $f->[0]) = "\x{1}" x ($f->[1] - $f->[0]);
    }
    my $words = sub { scalar grep { /\w/ } split /[\s\x{1}]+/, $_[0] };
    for my $c (@$credits) {
        my ($cs, $ce) = @$c;
        return 1 if $cs < $end && $at < $ce;
        if ($end <= $cs) {
            my $gap = substr($masked, $end, $cs - $end);
            $gap =~ s/\x{1}+/\x{1}/g;
            return 1 if $gap !~ $back_boundary && $words->($gap) <= $back_words;
            next;
        }
        my $gap = substr($masked, $ce, $at - $ce);
        next if $gap =~ $fwd_boundary;
        next if substr($sentence, $end) =~ $ours_after;
        next if grep { $words->($_) > $fwd_words } split /\x{1}+/, $gap;
        return 1;
    }
    return 0;
}

# The results page a sentence names, as [name, path]: next to the file
# first (docs/src/results/x.md for a chapter), else the book's.
sub resolve_page {
    my ($file, $ref) = @_;
    (my $dir = $file) =~ s{[^/]*$}{};
    (my $name = $ref) =~ s{^.*?(results/[^/]+)$}{$1};
    for my $path ("$dir$ref", "$dir$name", "$root/docs/src/$name") {
        return [$name, $path] if -f $path;
    }
    return [$name, undef];
}

# Whether the figure stands, as typed, on the page.
sub on_page {
    my ($page, $what) = @_;
    my ($name, $path) = @$page;
    return 0 unless defined $path;
    unless (exists $pages{$path}) {
        open my $fh, '<', $path or die "check-figures: cannot read $path: $!\n";
        local $/;
        my $text = <$fh>;
        close $fh;
        $text =~ s/\s+/ /g;
        $pages{$path} = $text;
    }
    return $pages{$path} =~ /(?<![\d.])\Q$what\E(?!\d)/;
}

# The figures of one sentence, as [start, end, text], settings left out.
sub find_figures {
    my ($sentence) = @_;
    my @found;
    for my $re (@durations) {
        while ($sentence =~ /$re/g) {
            my ($at, $end) = ($-[0], $+[0]);
            my $after  = substr($sentence, $end);
            my $before = substr($sentence, 0, $at);
            next if $after =~ $setting_after || $before =~ $setting_before;
            push @found, [$at, $end, substr($sentence, $at, $end - $at)];
        }
    }
    while ($sentence =~ /$memory/g) {
        my ($at, $end) = ($-[0], $+[0]);
        next if substr($sentence, $end) =~ $memory_setting_after
            || substr($sentence, 0, $at) =~ $memory_setting_before;
        push @found, [$at, $end, substr($sentence, $at, $end - $at)];
    }
    for my $re (@others) {
        while ($sentence =~ /$re/g) {
            my ($at, $end) = defined $-[1] ? ($-[1], $+[1]) : ($-[0], $+[0]);
            push @found, [$at, $end, substr($sentence, $at, $end - $at)];
        }
    }
    # One report per place, in reading order; a figure inside another
    # (the 1.5 of "1.5 GiB/s") is the same figure.
    my @sorted = sort { $a->[0] <=> $b->[0] || $b->[1] <=> $a->[1] } @found;
    my @kept;
    for my $f (@sorted) {
        next if @kept && $f->[0] < $kept[-1][1];
        push @kept, $f;
    }
    return @kept;
}
