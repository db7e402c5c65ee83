/// The site's style sheet and the script that sorts the index table.
enum SiteAssets {
    static let css = """
    body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d2330; }
    h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
    p.summary { color: #4a5568; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e2e8f0; text-align: right; }
    th:first-child, td:first-child, td.reference, th.reference { text-align: left; }
    th { cursor: pointer; background: #edf2f7; position: sticky; top: 0; }
    th[aria-sort=ascending]::after { content: " ▲"; }
    th[aria-sort=descending]::after { content: " ▼"; }
    td.gap-zero { background: #c6f6d5; }
    td.gap-small { background: #fefcbf; }
    td.gap-large { background: #fed7d7; }
    td.reference { font-size: 0.85rem; color: #4a5568; }
    figure { margin: 1.5rem 0; }
    figure img { max-width: 100%; border: 1px solid #e2e8f0; }
    dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1.2rem; }
    dl.facts dt { font-weight: 600; }
    dl.facts dd { margin: 0; }
    pre { background: #f7fafc; border: 1px solid #e2e8f0; padding: 0.8rem; overflow-x: auto; font-size: 0.85rem; }
    ul.downloads { display: flex; gap: 1rem; list-style: none; padding: 0; flex-wrap: wrap; }
    """

    /// Click a column heading to sort the table by it (numbers numerically, `data-value` where a
    /// cell shows more than its key); a second click reverses the order. Marks the table
    /// `data-sortable="ready"` once wired, which the browser test reads back.
    static let sortScript = """
    "use strict";
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      var headings = Array.from(table.tHead.rows[0].cells);
      headings.forEach(function (heading, column) {
        heading.addEventListener("click", function () {
          var ascending = heading.getAttribute("aria-sort") !== "ascending";
          headings.forEach(function (h) { h.removeAttribute("aria-sort"); });
          heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.from(body.rows);
          function key(row) {
            var cell = row.cells[column];
            var text = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent;
            var number = parseFloat(text);
            return isNaN(number) ? text : number;
          }
          rows.sort(function (a, b) {
            var x = key(a), y = key(b);
            var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
      table.dataset.sortable = "ready";
    });
    """
}
