// Short table cells, such as a number with its unit ("0.0192 sec",
// "100 000", "x1.76"), are kept on one line; longer cells, sentences and
// lists of workers, still wrap, but not into a column a word wide. Without
// this a table squeezed into the text column breaks "100 000" into "100"
// over "000". (Only a refinement: with scripts off, the tables read as
// before.)
document.querySelectorAll(".content table td").forEach((cell) => {
    const length = cell.textContent.trim().length;
    if (length <= 18) {
        cell.classList.add("short-cell");
    } else if (length > 40) {
        cell.classList.add("long-cell");
    }
});
