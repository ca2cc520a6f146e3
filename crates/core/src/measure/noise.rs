//! What a page says of the guard: a mark in each cell it judged, and one
//! paragraph under the tables.

use std::fmt::Write as _;

use super::{Claim, Judgement, Verdict};

/// Where the book explains the method, as a link from a chapter page of
/// `docs/src/`: the results pages' sections are included into those pages,
/// so the link is relative to them, not to `docs/src/results/`.
pub const METHOD_PAGE: &str = "results/method.md";

/// The page's account of the guard: how many rows it checked and measured
/// again, how many tie, and which are implausible and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Noise {
    /// Rows the guard checked.
    pub checked: usize,
    /// Rows measured again.
    pub remeasured: usize,
    /// Rows that tie with a peer (their cells name it).
    pub ties: usize,
    /// One note per implausible row: its name and why.
    pub implausible: Vec<String>,
}

impl Noise {
    /// Counts the judgements of `claims`; `name` names a row for its note.
    pub fn tally(judgements: &[Judgement], claims: &[Claim], name: &dyn Fn(usize) -> String) -> Noise {
        let mut noise = Noise::default();
        for claim in claims {
            let Some(judgement) = judgements.get(claim.row) else {
                continue;
            };
            noise.checked += 1;
            noise.remeasured += usize::from(judgement.remeasured);
            match &judgement.verdict {
                Verdict::Clear => {}
                Verdict::Tie(_) => noise.ties += 1,
                Verdict::Implausible(why) => noise.implausible.push(format!("{}: {why}", name(claim.row))),
            }
        }
        noise
    }

    /// Adds another table's account to this one.
    pub fn merge(&mut self, other: Noise) {
        self.checked += other.checked;
        self.remeasured += other.remeasured;
        self.ties += other.ties;
        self.implausible.extend(other.implausible);
    }

    /// The guard's account in one line: `Guard: 12 rows checked, 3
    /// measured again; 2 ties (...), 1 implausible.`
    pub fn summary(&self) -> String {
        let ties = match self.ties {
            0 => "no ties".to_owned(),
            n => format!(
                "{} (`=` marks a row the rounds cannot tell from the row it names)",
                count(n, "tie", "ties")
            ),
        };
        format!(
            "Guard: {} checked, {} measured again; {ties}, {} implausible.",
            count(self.checked, "row", "rows"),
            self.remeasured,
            self.implausible.len(),
        )
    }

    /// What a chapter program prints under its table, wrapped to 80 columns: the [`summary`](Self::summary),
    /// then one line per implausible row with its reason.
    pub fn text(&self) -> String {
        // Wrapped to fit an 80-column terminal; a note's later lines are
        // indented under its first.
        let mut text = String::new();
        for line in textwrap::wrap(&self.summary(), 79) {
            let _ = writeln!(text, "{line}");
        }
        let options = textwrap::Options::new(79)
            .initial_indent("  (implausible) ")
            .subsequent_indent("    ");
        for note in &self.implausible {
            for line in textwrap::wrap(note, &options) {
                let _ = writeln!(text, "{line}");
            }
        }
        text
    }

    /// The paragraph a page ends its tables with: the
    /// [`summary`](Self::summary), a link to the page that explains the
    /// method, and one bullet per implausible row with its reason (a tie
    /// needs none: its cell names its peer).
    pub fn paragraph(&self) -> String {
        let mut text = format!("{} [How we measure]({METHOD_PAGE})\n", self.summary());
        if !self.implausible.is_empty() {
            text.push('\n');
        }
        for note in &self.implausible {
            let _ = writeln!(text, "- (implausible) {note}");
        }
        text
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `cell` as the judgement leaves it: ` (implausible)` after an
/// implausible row, ` = NAME` after a row that ties with its peer (`label`
/// names the peer from its index), unchanged otherwise.
pub fn mark(cell: String, judgement: Option<&Judgement>, label: &dyn Fn(usize) -> String) -> String {
    match judgement.map(|j| &j.verdict) {
        Some(Verdict::Implausible(_)) => format!("{cell} (implausible)"),
        Some(Verdict::Tie(peer)) => format!("{cell} = {}", label(*peer)),
        Some(Verdict::Clear) | None => cell,
    }
}
