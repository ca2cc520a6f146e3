//! Tables, in two renderings of the same rows: Markdown laid out like the
//! tutorial's tables (what `bench-all` writes under `docs/`, and what a
//! chapter prints into a pipe or a file), and a box-drawn table that fits the
//! terminal, its cells wrapped inside the table rather than its lines wrapped
//! by the terminal. [comfy-table] does the layout in both: it measures cells
//! by display width (a `数` takes two columns, an `é` one), so columns line up
//! whatever the characters.
//!
//! [comfy-table]: https://docs.rs/comfy-table

use std::fmt;

use comfy_table::presets::{ASCII_MARKDOWN, UTF8_FULL};
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, TableStyle, Width};
use textwrap::core::display_width;

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text columns.
    Left,
    /// Numbers.
    Right,
    /// Short labels, as the tutorial centres its runner types.
    Center,
}

/// A table of text cells: Markdown through [`Display`](fmt::Display), or
/// fitted to a terminal with [`Table::for_terminal`]; [`Table::for_stdout`]
/// picks the one that suits standard output.
#[derive(Debug, Clone, Default)]
pub struct Table {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

/// The narrowest a Markdown column is, padding included: room for ` :-: `.
const MARKDOWN_MIN_WIDTH: u16 = 5;

/// comfy-table's padding of a cell: one space on either side.
const PADDING: u16 = 2;

/// The width a terminal is taken to have when standard output is one but
/// neither the terminal nor `COLUMNS` says how wide it is.
const FALLBACK_WIDTH: u16 = 80;

impl Table {
    /// A table with these column headers and alignments.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = (S, Align)>) -> Self {
        Table {
            columns: columns.into_iter().map(|(h, a)| (h.into(), a)).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are left blank, extra cells are dropped.
    pub fn push_row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let mut row: Vec<String> = cells.into_iter().map(Into::into).collect();
        row.resize(self.columns.len(), String::new());
        self.rows.push(row);
    }

    /// The number of rows so far (the header not counted).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// `true` when the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// What a chapter prints: the terminal rendering at the terminal's width
    /// when standard output is a terminal, the Markdown otherwise, so that
    /// `chapter-sync > out.md` is a Markdown file and `grep` sees whole cells.
    pub fn for_stdout(&self) -> String {
        match stdout_terminal_width() {
            Some(width) => self.for_terminal(width),
            None => self.to_string(),
        }
    }

    /// The table drawn with box lines for a terminal `width` columns wide:
    /// comfy-table's dynamic arrangement narrows the widest columns and wraps
    /// their cells (at spaces where it can) until every line fits.
    pub fn for_terminal(&self, width: u16) -> String {
        let mut table = self.comfy(UTF8_FULL, |cell| cell.to_owned());
        table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
        // Left to itself, comfy-table splits the columns' room evenly and cuts
        // words (`Executio`/`n time`). A column at least as wide as its
        // longest word wraps only between words; see `floors`.
        let floors = self.floors(usize::from(width).saturating_sub(self.columns.len() + 1));
        for (column, floor) in table.column_iter_mut().zip(floors) {
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(floor)));
        }
        format!("{}\n", table.trim_fmt())
    }

    /// The narrowest each column may be, padding included, in `room`
    /// columns (the width less the borders): as wide as its longest word, so
    /// that it wraps between words. When the terminal is too narrow for that,
    /// the widest floors come down to a common cap, so the columns with short
    /// words (labels, numbers) keep them whole and the ones with the longest
    /// words cut them, rather than a line grow longer than the terminal.
    fn floors(&self, room: usize) -> Vec<u16> {
        let wanted: Vec<usize> = (0..self.columns.len())
            .map(|i| self.longest_word(i) + usize::from(PADDING))
            .collect();
        let mut sorted = wanted.clone();
        sorted.sort_unstable();
        let mut below = 0; // the sum of the floors under the cap
        let mut cap = usize::MAX;
        for (k, &floor) in sorted.iter().enumerate() {
            let left = sorted.len() - k;
            if below + floor * left > room {
                cap = (room - below) / left;
                break;
            }
            below += floor;
        }
        let narrowest = usize::from(PADDING) + 1; // ` x `
        let clamp = |floor: usize| u16::try_from(floor.min(cap).max(narrowest)).unwrap_or(u16::MAX);
        wanted.into_iter().map(clamp).collect()
    }

    /// The display width of the longest word in column `i`, header included.
    fn longest_word(&self, i: usize) -> usize {
        let header = std::iter::once(&self.columns[i].0);
        let cells = header.chain(self.rows.iter().map(|row| &row[i]));
        cells
            .flat_map(|cell| cell.split_whitespace())
            .map(display_width)
            .max()
            .unwrap_or(0)
    }

    /// This table as a comfy-table in `style`, its cells passed through
    /// `cell`, with each column's alignment; never styled for a terminal
    /// (the output is the same wherever it goes).
    fn comfy(&self, style: TableStyle, cell: impl Fn(&str) -> String) -> comfy_table::Table {
        let mut table = comfy_table::Table::new();
        table.force_no_tty().load_style(style);
        table.set_header(self.columns.iter().map(|(header, _)| cell(header)));
        for row in &self.rows {
            table.add_row(row.iter().map(|c| cell(c)));
        }
        for (column, (_, align)) in table.column_iter_mut().zip(&self.columns) {
            column.set_cell_alignment(match align {
                Align::Left => CellAlignment::Left,
                Align::Right => CellAlignment::Right,
                Align::Center => CellAlignment::Center,
            });
        }
        table
    }
}

/// The width of the terminal standard output goes to, or `None` when it goes
/// to a pipe or a file. comfy-table asks the terminal (through crossterm);
/// `COLUMNS` is the fallback when the terminal does not say.
fn stdout_terminal_width() -> Option<u16> {
    let probe = comfy_table::Table::new();
    if !probe.is_tty() {
        return None;
    }
    let columns = || std::env::var("COLUMNS").ok()?.trim().parse().ok();
    Some(
        probe
            .width()
            .filter(|&w| w > 0)
            .or_else(columns)
            .unwrap_or(FALLBACK_WIDTH),
    )
}

/// A cell of a Markdown table: one line, with its `|` escaped so that it
/// stays one cell.
fn markdown_cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

/// The Markdown table: comfy-table's Markdown preset pads every column to
/// its widest cell (by display width); its rule under the header is plain
/// dashes, so it is replaced by one with the alignment markers (`:---:`,
/// `---:`) that mdBook turns into the columns' alignment, as the tutorial's
/// tables have them.
impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut table = self.comfy(ASCII_MARKDOWN, markdown_cell);
        table.set_content_arrangement(ContentArrangement::Disabled);
        let at_least = ColumnConstraint::LowerBoundary(Width::Fixed(MARKDOWN_MIN_WIDTH));
        table.set_constraints(self.columns.iter().map(|_| at_least));
        for (i, line) in table.lines().enumerate() {
            if i == 1 {
                writeln!(f, "{}", self.alignment_rule(&line))?;
            } else {
                writeln!(f, "{}", line.trim_end())?;
            }
        }
        Ok(())
    }
}

impl Table {
    /// `| :---: | ---: | --- |` in place of comfy-table's `|-----|-----|-----|`,
    /// each segment as wide as the one it replaces.
    fn alignment_rule(&self, plain: &str) -> String {
        let segments = plain.trim_end().trim_matches('|').split('|');
        let mut rule = String::from("|");
        for (segment, (_, align)) in segments.zip(&self.columns) {
            let dashes = segment.len().saturating_sub(2).max(1); // the segment is ASCII
            let marker = match align {
                Align::Left => "-".repeat(dashes),
                Align::Right => format!("{}:", "-".repeat(dashes.saturating_sub(1).max(1))),
                Align::Center => format!(":{}:", "-".repeat(dashes.saturating_sub(2).max(1))),
            };
            rule.push_str(&format!(" {marker} |"));
        }
        rule
    }
}

#[cfg(test)]
mod tests;
