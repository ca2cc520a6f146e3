//! Every plot and CSV file names the run that wrote it, as the pages do:
//! an SVG carries `<!-- run: RUN -->` after its opening tag and a small
//! caption, "run of RUN", in a strip added below the picture; a CSV file
//! starts with the line `# run: RUN`. `docs/check-run.sh` reads both and
//! fails a file that names no run or another run than the pages.

use std::path::Path;

/// The strip added below an SVG for its caption, in pixels.
const CAPTION_STRIP: u32 = 18;

/// Writes the run into the SVG or CSV file at `path` (other files are left
/// alone). A file that names a run already is left alone too.
pub fn stamp_run(path: &Path, run: &str) -> Result<(), String> {
    let kind = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if kind != "svg" && kind != "csv" {
        return Ok(());
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let stamped = match kind {
        "svg" => stamp_svg(&text, run).ok_or_else(|| format!("{} is not an SVG", path.display()))?,
        _ => stamp_csv(&text, run),
    };
    if stamped != text {
        std::fs::write(path, stamped).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The CSV with `# run: RUN` as its first line.
fn stamp_csv(text: &str, run: &str) -> String {
    if text.starts_with("# run: ") {
        return text.to_owned();
    }
    format!("# run: {}\n{text}", one_line(run))
}

/// The SVG with the run as a comment after its opening tag, and as a
/// caption in a strip added below it. `None` when it has no `<svg ...>`
/// tag with a height.
fn stamp_svg(text: &str, run: &str) -> Option<String> {
    if text.contains("<!-- run: ") {
        return Some(text.to_owned());
    }
    let open = text.find("<svg")?;
    let close = open + text[open..].find('>')? + 1;
    let end = text.rfind("</svg>")?;
    let tag = &text[open..close];
    let height: u32 = attribute(tag, "height")?.parse().ok()?;
    let width = attribute(tag, "width").unwrap_or("100%");
    let taller = height + CAPTION_STRIP;
    let mut new_tag = tag.replacen(&format!("height=\"{height}\""), &format!("height=\"{taller}\""), 1);
    if let Some(view) = attribute(tag, "viewBox") {
        let parts: Vec<&str> = view.split_whitespace().collect();
        if let [x, y, w, h] = parts[..]
            && h.parse::<u32>().is_ok_and(|h| h == height)
        {
            new_tag = new_tag.replacen(
                &format!("viewBox=\"{view}\""),
                &format!("viewBox=\"{x} {y} {w} {taller}\""),
                1,
            );
        }
    }
    let comment = one_line(run).replace("--", "- -");
    let caption = xml_text(&one_line(run));
    let baseline = height + CAPTION_STRIP - 5;
    Some(format!(
        "{}{new_tag}\n<!-- run: {comment} -->{}\
         <rect x=\"0\" y=\"{height}\" width=\"{width}\" height=\"{CAPTION_STRIP}\" fill=\"#FFFFFF\" stroke=\"none\"/>\n\
         <text x=\"6\" y=\"{baseline}\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#595959\">run of {caption}</text>\n{}",
        &text[..open],
        &text[close..end],
        &text[end..]
    ))
}

/// The value of `name="..."` in a tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

fn one_line(run: &str) -> String {
    run.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: &str = "2026-12-07 19:17 UTC, commit d6b329d";

    #[test]
    fn an_svg_names_its_run_in_a_comment_and_a_caption_below_the_picture() {
        let svg = "<svg width=\"760\" height=\"280\" viewBox=\"0 0 760 280\" xmlns=\"http://www.w3.org/2000/svg\">\n\
                   <rect x=\"0\" y=\"0\" width=\"760\" height=\"280\"/>\n</svg>\n";
        let stamped = stamp_svg(svg, RUN).expect("an SVG");
        assert!(stamped.starts_with(
            "<svg width=\"760\" height=\"298\" viewBox=\"0 0 760 298\" xmlns=\"http://www.w3.org/2000/svg\">\n\
             <!-- run: 2026-12-07 19:17 UTC, commit d6b329d -->\n"
        ));
        assert!(
            stamped.contains(">run of 2026-12-07 19:17 UTC, commit d6b329d</text>\n</svg>\n"),
            "{stamped}"
        );
        assert!(
            stamped.contains("<rect x=\"0\" y=\"280\" width=\"760\" height=\"18\""),
            "{stamped}"
        );
        assert_eq!(
            stamp_svg(&stamped, RUN).as_deref(),
            Some(stamped.as_str()),
            "stamped once"
        );
        assert_eq!(stamp_svg("not a picture", RUN), None);
    }

    #[test]
    fn a_csv_names_its_run_on_its_first_line() {
        let csv = "threads,seconds\n1,1.8\n";
        let stamped = stamp_csv(csv, RUN);
        assert_eq!(
            stamped,
            "# run: 2026-12-07 19:17 UTC, commit d6b329d\nthreads,seconds\n1,1.8\n"
        );
        assert_eq!(stamp_csv(&stamped, RUN), stamped);
    }

    #[test]
    fn files_on_disk_are_stamped_and_others_left_alone() {
        let dir = std::env::temp_dir().join(format!("stamp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let (csv, md) = (dir.join("a.csv"), dir.join("a.md"));
        std::fs::write(&csv, "x\n1\n").expect("write");
        std::fs::write(&md, "# page\n").expect("write");
        stamp_run(&csv, RUN).expect("stamped");
        stamp_run(&md, RUN).expect("left alone");
        let broken = dir.join("b.svg");
        std::fs::write(&broken, "no svg here").expect("write");
        let result = stamp_run(&broken, RUN);
        let (csv_text, md_text) = (std::fs::read_to_string(&csv), std::fs::read_to_string(&md));
        std::fs::remove_dir_all(&dir).expect("remove the folder");
        assert!(csv_text.expect("read").starts_with("# run: 2026-12-07"));
        assert_eq!(md_text.expect("read"), "# page\n");
        assert!(result.is_err());
    }
}
