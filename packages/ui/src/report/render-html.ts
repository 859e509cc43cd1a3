import { countOf, escapeHtml, jsonForScript } from "@iqf/core";
import type { BreakingPoint, RobustnessLevel } from "@iqf/experiments";
import { type AssetName, readAsset } from "../assets.js";
import type { ReportData, ReportRobustness, ReportSample, SampleQuality } from "./report-data.js";

/**
 * The Content-Security-Policy of a report: inline scripts and styles only, images from `data:`
 * and `blob:` URIs, no request to any server. `'unsafe-eval'` is needed by vega's expression
 * compiler.
 */
export const REPORT_CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; " +
  "img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function number(value: number | null, digits = 4): string {
  if (value === null) return "–";
  return Number.isFinite(value) ? String(Number(value.toPrecision(digits))) : String(value);
}

function level(value: RobustnessLevel | null): string {
  return value === null ? "not reached" : typeof value === "number" ? number(value) : value;
}

function breakingText(point: BreakingPoint): string {
  const between = point.between ? ` (between ${point.between.map(level).join(" and ")})` : "";
  return `${Math.round(point.threshold * 100)} %: <b>${escapeHtml(level(point.level))}</b>${escapeHtml(between)}`;
}

function robustnessSection(section: ReportRobustness, index: number): string {
  const { summary } = section;
  const rows = summary.levels
    .map(
      (l) =>
        `<tr><td>${escapeHtml(level(l.level))}</td><td class="num">${number(l.mean)}</td><td class="num">${number(l.std, 3)}</td><td class="num">${l.runs}</td><td class="num">${(l.relative * 100).toFixed(1)} %</td></tr>`,
    )
    .join("");
  const { monotonic, trend, breaksAt } = summary.monotonicity;
  const by = escapeHtml(summary.by);
  return `<section class="robustness" id="robustness-${index}">
<h3>${escapeHtml(summary.metric)} <small>(${summary.higherIsBetter ? "higher" : "lower"} is better)</small></h3>
<p>Reference: <b>${escapeHtml(summary.reference.label)}</b> (${summary.reference.kind}), mean ${number(summary.reference.mean)} over ${countOf(summary.reference.runs, "run")}.
Area under the relative-performance curve: <b>${summary.auc.toFixed(3)}</b>.
Breaking point: ${summary.breakingPoints.map(breakingText).join("; ")}.
Monotonic: ${monotonic ? `yes (${trend} with ${by})` : `no (${trend} overall, broken at ${by}=${escapeHtml(level(breaksAt))})`}.</p>
<div class="chart" data-chart="${index}"></div>
<table class="levels"><thead><tr><th>${by}</th><th>mean</th><th>std</th><th>runs</th><th>relative</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

function qualityText(quality: SampleQuality): string {
  const parts = [
    quality.snr !== null ? `SNR ${number(quality.snr, 3)}` : "",
    quality.rer !== null ? `RER ${number(quality.rer, 3)}` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "SNR/RER not measurable";
}

function sampleFigure(sample: ReportSample): string {
  return `<figure class="sample">
<figcaption><b>${escapeHtml(sample.modifier)}</b> — ${escapeHtml(sample.image)}</figcaption>
<div class="compare"><img class="before" alt="original" src="${sample.original}"><img class="after" alt="${escapeHtml(sample.modifier)}" src="${sample.modified}"></div>
<input class="slider" type="range" min="0" max="100" value="50" aria-label="before/after position for ${escapeHtml(sample.modifier)}">
<p class="quality">original: ${escapeHtml(qualityText(sample.originalQuality))}<br>modified: ${escapeHtml(qualityText(sample.modifiedQuality))}</p>
</figure>`;
}

/** Inline `<script>` text: a literal `</script` inside the code would end the element early. */
function inlineScript(code: string): string {
  return `<script>${code.replaceAll("</script", "<\\/script")}</script>`;
}

/**
 * Renders the report as one self-contained HTML page: the page style (with a print
 * stylesheet), the header, the robustness sections (tables rendered here, charts by vega-embed
 * in the page), the run table and the before/after samples, with the data and every script
 * inlined, under a CSP that forbids any request.
 */
export async function renderReportHtml(data: ReportData): Promise<string> {
  const scripts: AssetName[] = ["vega.js", "vega-lite.js", "vega-embed.js", "common.js", "report.js"];
  const [style, ...code] = await Promise.all([readAsset("page.css"), ...scripts.map(readAsset)]);
  const counts = ["FINISHED", "FAILED", "KILLED", "RUNNING"]
    .map((status) => `${data.counts[status] ?? 0} ${status.toLowerCase()}`)
    .join(" · ");
  const name = escapeHtml(data.experiment.name);
  const robustness =
    data.robustness.length > 0
      ? data.robustness.map(robustnessSection).join("\n")
      : "<p>No degradation parameter varies over the finished runs: nothing to compare.</p>";
  const samples =
    data.samples.length > 0
      ? `<div class="samples">${data.samples.map(sampleFigure).join("\n")}</div>`
      : "<p>No modified dataset of these runs was found on disk.</p>";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} — iqf report</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>${name}</h1>
<p class="meta">Experiment ${escapeHtml(data.experiment.id)} in <code>${escapeHtml(data.store)}</code> · report of ${escapeHtml(data.generatedAt)}</p>
<p class="meta" id="counts">${countOf(data.runs.length, "run")}: ${counts} · total run time ${formatDuration(data.totalRunMs)}</p>
</header>
<main>
<h2>Robustness${data.by ? ` against <code>${escapeHtml(data.by)}</code>` : ""}</h2>
${robustness}
<h2>Runs</h2>
<div id="runs"></div>
<h2>What the degradation does</h2>
${samples}
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
${code.map(inlineScript).join("\n")}
</body>
</html>
`;
}
