export { escapeHtml, jsonForScript } from "@iqf/core";

/** Shared page style of the HTML reports. */
export const PAGE_STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#1d2330;background:#fafbfc}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.meta{color:#5a6372;margin:0 0 1rem}
table{border-collapse:collapse;background:#fff;font-size:.85rem}
th,td{border:1px solid #d8dde6;padding:.25rem .5rem;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
th{background:#eef1f6;position:sticky;top:0}
`;
