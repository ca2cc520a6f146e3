//! Markdown tables, laid out like the tutorial's so the two can be read side
//! by side; the same text is what `bench-all` writes under `docs/`.

use std::fmt;

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

/// A Markdown table whose columns are padded to line up in a terminal too.
#[derive(Debug, Clone, Default)]
pub struct Table {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

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
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, (header, _))| {
                let cells = self.rows.iter().map(|row| row[i].chars().count());
                cells.chain([header.chars().count(), 3]).max().unwrap_or(3)
            })
            .collect();
        let line = |f: &mut fmt::Formatter<'_>, cells: &[String]| -> fmt::Result {
            write!(f, "|")?;
            for ((cell, (_, align)), &width) in cells.iter().zip(&self.columns).zip(&widths) {
                match align {
                    Align::Left => write!(f, " {cell:<width$} |")?,
                    Align::Right => write!(f, " {cell:>width$} |")?,
                    Align::Center => write!(f, " {cell:^width$} |")?,
                }
            }
            writeln!(f)
        };
        let headers: Vec<String> = self.columns.iter().map(|(h, _)| h.clone()).collect();
        line(f, &headers)?;
        write!(f, "|")?;
        for ((_, align), &width) in self.columns.iter().zip(&widths) {
            let rule = match align {
                Align::Left => "-".repeat(width),
                Align::Right => format!("{}:", "-".repeat(width - 1)),
                Align::Center => format!(":{}:", "-".repeat(width - 2)),
            };
            write!(f, " {rule} |")?;
        }
        writeln!(f)?;
        for row in &self.rows {
            line(f, row)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_an_aligned_markdown_table() {
        let mut table = Table::new([
            ("Runner Type", Align::Center),
            ("Time", Align::Right),
            ("Note", Align::Left),
        ]);
        table.push_row(["SIMPLE", "1.5 sec", "ok"]);
        table.push_row(["TASK_GROUP", "12.25 sec"]);
        let expected = "\
| Runner Type |      Time | Note |
| :---------: | --------: | ---- |
|   SIMPLE    |   1.5 sec | ok   |
| TASK_GROUP  | 12.25 sec |      |
";
        assert_eq!(table.to_string(), expected);
        assert_eq!(table.len(), 2);
    }
}
