import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ExperimentInfo } from "@iqf/experiments";
import { collectReport, degradationParam } from "@iqf/ui";
import { execa } from "execa";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchTestBrowser } from "../../../test-support/browser.js";
import { iqfBin, quickstartLikeExperiment, screenshotDir, tempFolder, watchPage } from "./helpers.js";

/** The parts of a DOM element the page checks read (the tests have no DOM typings). */
interface Styled {
  readonly style: { readonly clipPath: string };
  checkVisibility(): boolean;
}

let folder: string;
let tracking: string;
let reportPath: string;
let browser: Browser;

beforeAll(async () => {
  folder = await tempFolder("report");
  tracking = await quickstartLikeExperiment(folder, "mini");
  reportPath = join(folder, "out", "report.html");
  await mkdir(join(folder, "out"));
  const cli = await execa(
    process.execPath,
    [iqfBin, "report", "mini", "-o", reportPath, "--tracking-uri", tracking],
    {
      reject: false,
    },
  );
  if (cli.exitCode !== 0) throw new Error(cli.stderr);
  browser = await launchTestBrowser();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await rm(folder, { recursive: true, force: true });
});

describe("the report's data", () => {
  it("detects the degradation parameter, summarises each varying metric against pristine and keeps failures", async () => {
    const info = await ExperimentInfo.open("mini", { tracking });
    expect(degradationParam(info.runs)).toBe("quality");
    const data = await collectReport(info, { samples: false });
    expect(data.counts).toEqual({ FINISHED: 3, FAILED: 3 });
    expect(data.robustness.map((r) => r.summary.metric)).toEqual(["psnr", "ssim"]);
    const psnr = data.robustness[0]!.summary;
    expect(psnr.reference).toMatchObject({ kind: "pristine", label: "modifier=none", runs: 1 });
    expect(psnr.levels.map((l) => l.level)).toEqual([20, 80]);
    const failed = data.runs.filter((run) => run.status === "FAILED");
    expect(failed).toHaveLength(3);
    for (const run of failed) {
      expect(run.failure).toMatchObject({ reason: "exit-code" });
      expect(run.failure!.stderrTail).toMatch(/--scale must be an integer/);
    }
    const finished = data.runs.find((run) => run.status === "FINISHED")!;
    expect(finished.histories.psnr).toHaveLength(2);
    expect(finished.artifacts.map((a) => a.path)).toContain("results.json");
  });
});

describe("iqf report", () => {
  it("writes one self-contained file under 5 MB with no reference to any server", async () => {
    const html = await readFile(reportPath, "utf8");
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, "<script></script>");
    const references = [...markup.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(0);
    expect(references.filter((reference) => !reference.startsWith("data:"))).toEqual([]);
    expect(html).toContain('id="report-data"');
    expect(html.match(/<figure class="sample">/g)).toHaveLength(2);
  });

  it("opens from file:// without requests or console errors; the table sorts, filters and expands; the slider moves", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const seen = watchPage(page);
    const blocked: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (/^(file|data|blob):/.test(url)) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const url = pathToFileURL(reportPath).href;
    await page.goto(url);
    await page.locator("[data-chart] svg.marks").nth(1).waitFor();
    expect(await page.locator("[data-chart] svg.marks").count()).toBe(2);
    await page.screenshot({ path: join(screenshotDir, "report.png"), fullPage: true });

    const names = () => page.locator("table.runs tbody tr.run td.name").allTextContents();
    const statuses = () => page.locator("table.runs tbody tr.run td.status").allTextContents();
    expect(await names()).toHaveLength(6);
    await page.locator('th[data-sort="name"]').click();
    const ascending = await names();
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b, "en", { numeric: true })));
    await page.locator('th[data-sort="name"]').click();
    expect(await names()).toEqual([...ascending].reverse());
    await page.locator('th[data-sort="metrics.psnr"]').click();
    const psnr = (await page
      .locator("table.runs tbody tr.run")
      .evaluateAll((rows) => rows.map((row) => row.querySelector("td.num")?.textContent ?? ""))) as string[];
    expect(psnr.length).toBe(6);

    await page.locator("input.filter").fill("failed");
    expect(await statuses()).toEqual(["FAILED", "FAILED", "FAILED"]);
    await page.locator("tr.run button.expand").first().click();
    await expect
      .poll(() => page.locator("tr.detail-row pre.stderr").textContent())
      .toMatch(/--scale must be an integer/);
    await page.locator("input.filter").fill("");
    expect(await names()).toHaveLength(6);
    const finished = page.locator("tr.status-finished button.expand").first();
    await finished.click();
    await page.locator("tr.detail-row .histories svg.marks").first().waitFor();
    await page
      .locator("tr.detail-row")
      .last()
      .screenshot({ path: join(screenshotDir, "report-run.png") });

    const slider = page.locator("figure.sample .slider").first();
    const after = page.locator("figure.sample img.after").first();
    expect(await after.evaluate((img) => (img as unknown as Styled).style.clipPath)).toBe(
      "inset(0px 0px 0px 50%)",
    );
    await slider.fill("20");
    expect(await after.evaluate((img) => (img as unknown as Styled).style.clipPath)).toBe(
      "inset(0px 0px 0px 20%)",
    );
    await page
      .locator("figure.sample")
      .first()
      .screenshot({ path: join(screenshotDir, "report-slider.png") });

    await page.emulateMedia({ media: "print" });
    expect(
      await page.locator(".table-tools").evaluate((node) => (node as unknown as Styled).checkVisibility()),
    ).toBe(false);
    await page.pdf({ path: join(screenshotDir, "report.pdf") }).catch(() => undefined);

    expect(seen.errors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(seen.requests.filter((r) => !/^(data|blob):/.test(r))).toEqual([url]);
    await page.close();
  });
});
