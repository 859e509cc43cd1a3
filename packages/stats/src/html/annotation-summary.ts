import { escapeHtml, jsonForScript, PAGE_STYLE } from "./escape.js";

/** One column of the annotation table. */
export interface TableColumn {
  /** Header text. */
  readonly label: string;
  /** `number` columns sort numerically and align right. */
  readonly type: "number" | "text";
}

/** Everything the annotation summary page shows. */
export interface AnnotationTable {
  /** Page title, e.g. the dataset name. */
  readonly title: string;
  /** The annotation file the rows come from. */
  readonly source: string;
  /** Table columns. */
  readonly columns: readonly TableColumn[];
  /** One row per annotation; cells in column order (`null` for "no value"). */
  readonly rows: readonly (readonly (string | number | null)[])[];
  /** Annotation count per class, in display order. */
  readonly classCounts: readonly { readonly name: string; readonly count: number }[];
}

/** `1 class`, `2 classes`, `3 annotations`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : noun.endsWith("s") ? "es" : "s"}`;
}

/** Rows shown at once; the counter tells how many match the filter in total. */
const VISIBLE_ROWS = 1000;

/** Inline script: renders, sorts (click a header) and filters (type in the box) the table. */
const TABLE_SCRIPT = `
(function(){
  var data=JSON.parse(document.getElementById("iqf-data").textContent);
  var body=document.querySelector("#annotations tbody");
  var heads=document.querySelectorAll("#annotations th");
  var filter=document.getElementById("filter");
  var counter=document.getElementById("counter");
  var sortColumn=-1, ascending=true;
  function text(v){return v===null?"":String(v);}
  function render(){
    var needle=filter.value.trim().toLowerCase();
    var rows=data.rows;
    if(needle){rows=rows.filter(function(r){return r.some(function(c){return text(c).toLowerCase().indexOf(needle)>=0;});});}
    if(sortColumn>=0){
      var numeric=data.columns[sortColumn].type==="number", k=sortColumn, s=ascending?1:-1;
      rows=rows.slice().sort(function(a,b){
        var x=a[k], y=b[k];
        if(x===null||y===null){return x===y?0:(x===null?1:-1);}
        if(numeric){return (x-y)*s;}
        return text(x).localeCompare(text(y),undefined,{numeric:true})*s;
      });
    }
    var fragment=document.createDocumentFragment();
    rows.slice(0,${VISIBLE_ROWS}).forEach(function(r){
      var tr=document.createElement("tr");
      r.forEach(function(c,i){
        var td=document.createElement("td");
        if(data.columns[i].type==="number"){td.className="num";td.textContent=c===null?"":(Number.isInteger(c)?String(c):(Math.abs(c)>=1e5?c.toFixed(2):String(Number(c.toPrecision(6)))));}
        else{td.textContent=text(c);}
        tr.appendChild(td);
      });
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    counter.textContent=rows.length+" of "+data.rows.length+" annotations match"+(rows.length>${VISIBLE_ROWS}?" (first ${VISIBLE_ROWS} shown)":"");
    heads.forEach(function(th,i){th.setAttribute("aria-sort",i===sortColumn?(ascending?"ascending":"descending"):"none");});
  }
  heads.forEach(function(th,i){th.addEventListener("click",function(){
    if(sortColumn===i){ascending=!ascending;}else{sortColumn=i;ascending=true;}
    render();
  });});
  filter.addEventListener("input",render);
  render();
})();
`;

/**
 * A self-contained HTML page (inline CSS and script, no network) with the per-class counts and
 * a table of every annotation that sorts by any column (click its header; click again to
 * reverse) and filters by text. All text is escaped; the data travels as script-safe JSON.
 */
export function annotationSummaryHtml(table: AnnotationTable): string {
  const classRows = table.classCounts
    .map(({ name, count }) => `<tr><td>${escapeHtml(name)}</td><td class="num">${count}</td></tr>`)
    .join("");
  const headers = table.columns
    .map((column) => `<th scope="col" aria-sort="none">${escapeHtml(column.label)}</th>`)
    .join("");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(table.title)} — annotations</title>
<style>${PAGE_STYLE}
th{cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
#filter{font-size:1rem;padding:.3rem .5rem;width:20rem;max-width:100%;margin:0 1rem 0 .25rem}
.layout{display:flex;gap:2rem;align-items:flex-start;flex-wrap:wrap}
</style></head>
<body>
<h1>${escapeHtml(table.title)} — annotations</h1>
<p class="meta">${escapeHtml(table.source)} · ${plural(table.rows.length, "annotation")} · ${plural(table.classCounts.length, "class")}</p>
<div class="layout">
<section><h2>Annotations per class</h2>
<table id="classes"><thead><tr><th scope="col">class</th><th scope="col">annotations</th></tr></thead><tbody>${classRows}</tbody></table>
</section>
<section><h2>Annotations</h2>
<p><label for="filter">Filter (any column) </label><input id="filter" type="search"><span id="counter"></span></p>
<table id="annotations"><thead><tr>${headers}</tr></thead><tbody></tbody></table>
</section>
</div>
<script type="application/json" id="iqf-data">${jsonForScript({ columns: table.columns, rows: table.rows })}</script>
<script>${TABLE_SCRIPT}</script>
</body></html>
`;
}
