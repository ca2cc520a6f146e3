// The results tables, readable at any width. (Only a refinement: with
// scripts off, the tables read as before, a little wider.)
//
// A measured value and its spread, "0.126 s (0.126–0.143)" or
// "x1.69 faster (1.68–1.71)", is one item. The value stays on one line and
// the spread goes under it in smaller type, so the column is as wide as the
// value rather than as the pair; a mark after the spread ("= SIMPLE 2",
// "(implausible)") stays beside the value.
const spread =
    /((?:x)?[0-9][0-9.,]*(?: (?:[µm]?s|ns|min|faster|slower|[KMG]iB))?) \(([^()<>]*–[^()<>]*)\)([^<]*)/g;

// Short cells, such as a number with its unit ("0.0192 sec", "100 000",
// "x1.76"), are kept on one line; longer cells, sentences and lists of
// workers, still wrap, but not into a column a word wide. Without this a
// table squeezed into the text column breaks "100 000" into "100" over
// "000".
document.querySelectorAll(".content table td").forEach((cell) => {
    cell.innerHTML = cell.innerHTML.replace(
        spread,
        '<span class="value">$1</span>$3<span class="spread">($2)</span>',
    );
    // A number and its unit ("38.4 MiB", "10 workers") stay together, and
    // so do the groups of a spaced number ("100 000").
    cell.innerHTML = cell.innerHTML
        .replace(/(\d) (?=(?:[µm]?s|ns|sec|min|[KMG]iB|workers?|threads?|processes)\b)/g, "$1\u00a0")
        .replace(/(\d) (?=\d{3}\b)/g, "$1\u00a0");
    const length = cell.textContent.trim().length;
    if (length <= 18) {
        cell.classList.add("short-cell");
    } else if (length > 40 && !cell.querySelector(".spread")) {
        cell.classList.add("long-cell");
    }
});

// A long name in a header, such as CHUNKS_IN_POOL, may break after an
// underscore (CHUNKS_ IN_ POOL) rather than widen its column; words break
// nowhere else.
document.querySelectorAll(".content table th").forEach((cell) => {
    if (cell.children.length === 0 && /[A-Za-z]_[A-Za-z]/.test(cell.textContent)) {
        cell.innerHTML = cell.innerHTML.replace(/_(?=[A-Za-z])/g, "_<wbr>");
    }
});

// A table wider than its column scrolls inside its wrapper; the wrapper is
// marked so that the reader sees there is more to the right.
function markScrolling() {
    document.querySelectorAll(".content .table-wrapper").forEach((wrapper) => {
        wrapper.classList.toggle("scrolls", wrapper.scrollWidth > wrapper.clientWidth + 1);
    });
}
markScrolling();
window.addEventListener("resize", markScrolling);
