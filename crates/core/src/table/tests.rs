use textwrap::core::display_width;

use super::*;

/// A table shaped like the chapters' summary: a short label, a number, and
/// long text cells that cannot all fit 80 columns side by side.
fn a_summary_table(note: &str) -> Table {
    let mut table = Table::new([
        ("Runner Type", Align::Center),
        ("Num. of Workers", Align::Center),
        ("Execution time", Align::Right),
        ("Execution result", Align::Left),
        ("Primes found", Align::Right),
        ("PIDs", Align::Left),
        ("Note", Align::Left),
    ]);
    for runner_type in ["SIMPLE", "TASK_GROUP"] {
        table.push_row([
            runner_type,
            "5",
            "12.3456 sec",
            "`Worker-1: {2, 3, 5, ...}` `Worker-2: {}` `Worker-3: {}` `Worker-4: {}` `Worker-5: {}` ...",
            "25 (exact)",
            "4242 (same for all)",
            note,
        ]);
    }
    table
}

/// The cells of a box-drawn table, read back: for each row, each column's
/// pieces on its lines joined by one space (the wrapping broke the text at
/// single spaces).
fn read_back(drawn: &str) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<Vec<String>> = Vec::new();
    for line in drawn.lines() {
        if line.starts_with('│') {
            let inner = line.trim_start_matches('│').trim_end_matches('│');
            let pieces: Vec<&str> = inner.split('┆').collect();
            current.resize(pieces.len(), Vec::new());
            for (column, piece) in current.iter_mut().zip(pieces) {
                if !piece.trim().is_empty() {
                    column.push(piece.trim().to_owned());
                }
            }
        } else if !current.is_empty() {
            rows.push(current.drain(..).map(|pieces| pieces.join(" ")).collect());
        }
    }
    rows
}

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
|    SIMPLE   |   1.5 sec | ok   |
|  TASK_GROUP | 12.25 sec |      |
";
    assert_eq!(table.to_string(), expected);
    assert_eq!(table.len(), 2);
}

#[test]
fn a_results_page_table_is_markdown_with_alignment_markers() {
    let markdown = a_summary_table("only Worker-1 did the processing").to_string();
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(lines.len(), 4, "header, rule, two rows:\n{markdown}");
    // The rule under the header: centred, centred, right, left, right, left, left.
    let rule: Vec<(bool, bool)> = lines[1]
        .trim_matches('|')
        .split('|')
        .map(|marker| {
            let marker = marker.trim();
            assert!(
                marker.len() >= 3 && marker.trim_matches(':').chars().all(|c| c == '-'),
                "{marker}"
            );
            (marker.starts_with(':'), marker.ends_with(':'))
        })
        .collect();
    let (centre, right, left) = ((true, true), (false, true), (false, false));
    assert_eq!(rule, [centre, centre, right, left, right, left, left], "{markdown}");
    for line in &lines {
        assert!(line.starts_with("| ") && line.ends_with(" |"), "{line}");
        // Seven cells: eight pipes, none escaped in this table.
        assert_eq!(line.matches('|').count(), 8, "{line}");
    }
    assert!(lines[0].contains(" Execution result "), "{markdown}");
    assert!(lines[2].contains(" 25 (exact) "), "{markdown}");
    assert!(
        lines[2].contains(" `Worker-1: {2, 3, 5, ...}` `Worker-2: {}` "),
        "{markdown}"
    );
}

#[test]
fn wide_characters_line_up_in_markdown() {
    let mut table = Table::new([("Name", Align::Left), ("Value", Align::Right), ("Mark", Align::Center)]);
    table.push_row(["数字", "é", "🦀"]);
    table.push_row(["plain", "1234567", "x"]);
    table.push_row(["é数字é", "数", "ok"]);
    let markdown = table.to_string();
    let widths: Vec<Vec<usize>> = markdown
        .lines()
        .map(|line| line.trim_matches('|').split('|').map(display_width).collect())
        .collect();
    for row in &widths {
        assert_eq!(
            row, &widths[0],
            "every row's columns as wide as the header's:\n{markdown}"
        );
    }
    assert!(markdown.contains("| 数字   |"), "{markdown}");
}

#[test]
fn a_cell_with_a_pipe_stays_one_markdown_cell() {
    let mut table = Table::new([("Command", Align::Left), ("Lines", Align::Right)]);
    table.push_row(["chapter-sync | head -3", "3"]);
    let markdown = table.to_string();
    assert!(markdown.contains(r"chapter-sync \| head -3"), "{markdown}");
}

/// Every row's cells, the header's first.
fn cells(table: &Table) -> Vec<Vec<String>> {
    let mut cells = vec![table.columns.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>()];
    cells.extend(table.rows.iter().cloned());
    cells
}

#[test]
fn a_terminal_table_fits_its_width_and_keeps_every_cell() {
    let table = a_summary_table("only Worker-1 did the processing; Worker-2 died, its work was redone");
    let squeezed = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
        let squeeze = |cell: &String| cell.split_whitespace().collect::<String>();
        rows.iter().map(|row| row.iter().map(squeeze).collect()).collect()
    };
    for width in [160, 120, 80, 60, 40] {
        let drawn = table.for_terminal(width);
        for line in drawn.lines() {
            assert!(
                display_width(line) <= usize::from(width),
                "over {width} columns: {line}\n{drawn}"
            );
        }
        // Every cell's text is there, in order, wherever it was wrapped.
        assert_eq!(
            squeezed(&read_back(&drawn)),
            squeezed(&cells(&table)),
            "at {width} columns:\n{drawn}"
        );
        if width >= 120 {
            // Room for every column's longest word: wrapped between words only.
            assert_eq!(read_back(&drawn), cells(&table), "at {width} columns:\n{drawn}");
        }
    }
    // Wide enough for every cell on one line, it takes no more than it needs.
    let roomy = table.for_terminal(400);
    assert!(roomy.lines().all(|l| display_width(l) < 400), "{roomy}");
    assert_eq!(roomy.lines().count(), 7, "borders, header, two rows:\n{roomy}");
}

#[test]
fn at_80_columns_a_typical_summary_wraps_between_words() {
    let table = a_summary_table("only Worker-1 did the processing");
    let drawn = table.for_terminal(80);
    assert!(drawn.lines().all(|l| display_width(l) <= 80), "{drawn}");
    assert_eq!(read_back(&drawn), cells(&table), "{drawn}");
}

#[test]
fn wide_characters_line_up_on_a_terminal() {
    let mut table = Table::new([("Name", Align::Left), ("Value", Align::Right)]);
    table.push_row(["数字 数字 数字 数字", "é"]);
    table.push_row(["🦀 plain", "1234567"]);
    let drawn = table.for_terminal(16);
    let widths: Vec<usize> = drawn.lines().map(display_width).collect();
    assert!(widths.iter().all(|&w| w == widths[0] && w <= 16), "{widths:?}\n{drawn}");
}
