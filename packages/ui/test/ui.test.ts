import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { FileStore, localArtifactFolder, RestStore } from "@iqf/tracking";
import { startUiServer } from "@iqf/ui";
import { execa, type ResultPromise } from "execa";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchTestBrowser } from "../../../test-support/browser.js";
import { startMlflowTestServer } from "../../tracking/test/helpers/mlflow-test-server.js";
import { iqfBin, sampleDataset, screenshotDir, tempFolder, watchPage } from "./helpers.js";

const readme = "artifact bytes: ünïcode ✓\n";
/** A task that copies the first image as plot.png, writes notes/readme.txt and results; with --wait it waits for <control>/go first. */
const taskSource = `
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const a = process.argv.slice(2);
const arg = (k) => (a.includes("--" + k) ? a[a.indexOf("--" + k) + 1] : undefined);
const out = arg("outputpath");
const images = join(arg("trainds"), "images");
if (arg("wait") === "1") while (!existsSync(join(process.env.IQF_TEST_CONTROL, "go"))) await new Promise((r) => setTimeout(r, 100));
copyFileSync(join(images, readdirSync(images).sort()[0]), join(out, "plot.png"));
mkdirSync(join(out, "notes"));
writeFileSync(join(out, "notes", "readme.txt"), ${JSON.stringify(readme)});
const x = Number(arg("x"));
writeFileSync(join(out, "results.json"), JSON.stringify({ score: x, curve: [x, x + 1, x + 3] }));
`;

let folder: string;
let control: string;
let tracking: string;
let browser: Browser;
let ui: ResultPromise<{ reject: false; all: true }>;
let base: string;
let experimentId: string;
let firstRun: string;

function experimentYaml(grid: string): string {
  return [
    "name: live",
    "dataset: ./ds",
    "modifiers:",
    "  - { type: none }",
    "  - { type: jpg, params: { quality: 50 } }",
    "task:",
    `  command: ${JSON.stringify([process.execPath, "task.mjs"])}`,
    `  env: { IQF_TEST_CONTROL: ${JSON.stringify(control)} }`,
    `extraTrainParams: ${grid}`,
    "trackingUri: ./mlruns",
    "",
  ].join("\n");
}

/** A raw GET (the path is sent exactly as given) with an optional Host header. */
function get(
  url: string,
  path: string,
  options: { host?: string; method?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path,
        method: options.method ?? "GET",
        headers: { host: options.host ?? target.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  folder = await tempFolder("app");
  control = join(folder, "control");
  await mkdir(control);
  await sampleDataset(folder, "ds", 1);
  await writeFile(join(folder, "task.mjs"), taskSource);
  await writeFile(join(folder, "first.yaml"), experimentYaml("{ x: [1, 2] }"));
  await writeFile(join(folder, "second.yaml"), experimentYaml("{ x: [3], wait: [1] }"));
  const first = await execa(process.execPath, [iqfBin, "run", "first.yaml"], { cwd: folder, reject: false });
  if (first.exitCode !== 0) throw new Error(first.stderr);
  tracking = join(folder, "mlruns");
  const store = new FileStore(tracking);
  const experiment = (await store.getExperimentByName("live"))!;
  experimentId = experiment.experimentId;
  const runs = await store.searchRuns({ experimentIds: [experimentId] });
  firstRun = runs[0]!.info.runId;
  // a secret outside every artifact root, reachable only through symlinks planted in one
  await writeFile(join(folder, "secret.txt"), "TOP-SECRET-CONTENT");
  const artifacts = localArtifactFolder(runs[0]!.info.artifactUri)!;
  await symlink(join(folder, "secret.txt"), join(artifacts, "escape.txt"));
  await symlink(folder, join(artifacts, "outside"));

  ui = execa(process.execPath, [iqfBin, "ui", "--tracking-uri", tracking, "--port", "0"], {
    reject: false,
    all: true,
  });
  base = await new Promise<string>((resolve, reject) => {
    let seen = "";
    ui.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    ui.then((result) => reject(new Error(`iqf ui ended: ${result.all}`)));
  });
  browser = await launchTestBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  ui?.kill("SIGTERM");
  await ui;
  await rm(folder, { recursive: true, force: true });
});

describe("iqf ui over HTTP", () => {
  it("answers only its own Host name, only GET/HEAD, always with a CSP", async () => {
    const page = await get(base, "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toMatch(/^default-src 'none'; script-src 'self'/);
    expect((await get(base, "/", { host: `localhost:${new URL(base).port}` })).status).toBe(200);
    expect((await get(base, "/", { host: "attacker.example" })).status).toBe(403);
    expect(
      (await get(base, "/api/experiments", { host: `attacker.example:${new URL(base).port}` })).status,
    ).toBe(403);
    for (const method of ["POST", "PUT", "DELETE", "PATCH"])
      expect((await get(base, "/api/experiments", { method })).status).toBe(405);
    const report = await get(base, `/experiments/${experimentId}/report`);
    expect(report.status).toBe(200);
    expect(report.headers["content-security-policy"]).toMatch(/connect-src 'none'/);
  });

  it("serves artifacts with their bytes, and nothing outside the run's artifact root", async () => {
    const file = await get(base, `/runs/${firstRun}/artifacts/notes/readme.txt?download`);
    expect(file.status).toBe(200);
    expect(file.body.toString("utf8")).toBe(readme);
    expect(file.headers["content-disposition"]).toBe("attachment; filename*=UTF-8''readme.txt");
    for (const path of [
      "../meta.yaml",
      "../../meta.yaml",
      "%2e%2e/meta.yaml",
      "..%2fmeta.yaml",
      "notes/..%2f..%2fmeta.yaml",
      "%2fetc%2fpasswd",
      "notes/%2e%2e/%2e%2e/meta.yaml",
      "escape.txt",
      "outside/secret.txt",
      "notes/%00x",
    ]) {
      const answer = await get(base, `/runs/${firstRun}/artifacts/${path}`);
      expect([403, 404], path).toContain(answer.status);
      expect(answer.body.toString()).not.toContain("TOP-SECRET-CONTENT");
      expect(answer.body.toString()).not.toContain("artifact_uri");
    }
    expect((await get(base, `/api/runs/${firstRun}/artifacts?path=..`)).status).toBe(400);
  });

  it("searches with MLflow filters and names a bad filter", async () => {
    const runs = async (filter: string) =>
      JSON.parse(
        (
          await get(base, `/api/experiments/${experimentId}/runs?filter=${encodeURIComponent(filter)}`)
        ).body.toString(),
      );
    expect((await runs("")).runs).toHaveLength(4);
    const narrowed = await runs("metrics.score > 1 and params.modifier = 'none'");
    expect(narrowed.runs.map((r: { params: { x: string } }) => r.params.x)).toEqual(["2"]);
    const bad = await get(
      base,
      `/api/experiments/${experimentId}/runs?filter=${encodeURIComponent("metrics.score >")}`,
    );
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString()).error).toMatch(/./);
  });

  it("warns when told to listen beyond this machine", async () => {
    const wide = execa(
      process.execPath,
      [iqfBin, "ui", "--tracking-uri", tracking, "--host", "0.0.0.0", "--port", "0"],
      {
        reject: false,
      },
    );
    const warning = await new Promise<string>((resolve) => {
      wide.stderr!.on("data", (chunk: Buffer) => resolve(chunk.toString()));
    });
    wide.kill("SIGTERM");
    await wide;
    expect(warning).toMatch(/warning: iqf ui is listening on 0\.0\.0\.0/);
  });

  it("reads an MLflow REST store too", async () => {
    const server = await startMlflowTestServer();
    const app = await startUiServer({ tracking: server.url, port: 0 });
    try {
      const store = new RestStore(server.url);
      const id = await store.createExperiment("remote");
      const run = await store.createRun({ experimentId: id, runName: "r1" });
      await store.logMetric(run.info.runId, { key: "psnr", value: 31.5, step: 0, timestamp: Date.now() });
      const local = join(folder, "remote.txt");
      await writeFile(local, "remote bytes");
      await store.logArtifact(run.info.runId, local, "files");
      const listed = JSON.parse((await get(app.url, `/api/experiments/${id}/runs`)).body.toString());
      expect(
        listed.runs.map((r: { name: string; metrics: { psnr: number } }) => [r.name, r.metrics.psnr]),
      ).toEqual([["r1", 31.5]]);
      const bytes = await get(app.url, `/runs/${run.info.runId}/artifacts/files/remote.txt`);
      expect(bytes.body.toString()).toBe("remote bytes");
      expect((await get(app.url, `/runs/${run.info.runId}/artifacts/files/..%2f..%2fx`)).status).toBe(404);
    } finally {
      await app.close();
      await server.close();
    }
  });
});

describe("iqf ui in a browser", () => {
  it("shows runs as iqf run writes them, searches, opens a run, downloads and previews artifacts, compares", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const seen = watchPage(page);
    await page.goto(base);
    await page.getByRole("link", { name: "live" }).click();
    const rows = page.locator("table.runs tbody tr.run");
    await expect.poll(() => rows.count()).toBe(4);
    await page.evaluate(() => {
      (globalThis as unknown as { marker: number }).marker = 1;
    });
    await page.screenshot({ path: join(screenshotDir, "ui-runs.png"), fullPage: true });

    // a run started now appears (RUNNING), then finishes, without a reload
    const second = execa(process.execPath, [iqfBin, "run", "second.yaml"], { cwd: folder, reject: false });
    await expect
      .poll(() => page.locator("tr.status-running").count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, "ui-live-running.png"), fullPage: true });
    await writeFile(join(control, "go"), "");
    expect((await second).exitCode).toBe(0);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(6);
    await expect.poll(() => page.locator("tr.status-running").count(), { timeout: 15_000 }).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { marker: number }).marker)).toBe(1);

    // MLflow search narrows the table; a bad filter is named
    await page
      .getByRole("searchbox", { name: "search runs" })
      .fill("metrics.score >= 2 and params.modifier = 'none'");
    await page.getByRole("searchbox", { name: "search runs" }).press("Enter");
    await expect.poll(() => rows.count()).toBe(2);
    await page.screenshot({ path: join(screenshotDir, "ui-search.png"), fullPage: true });
    await page.getByRole("searchbox", { name: "search runs" }).fill("metrics.score >");
    await page.getByRole("searchbox", { name: "search runs" }).press("Enter");
    await expect.poll(() => page.getByRole("alert").textContent()).not.toBe("");
    await page.getByRole("searchbox", { name: "search runs" }).fill("");
    await page.getByRole("searchbox", { name: "search runs" }).press("Enter");
    await expect.poll(() => rows.count()).toBe(6);

    // compare two runs
    await page.locator("input.select").nth(0).check();
    await page.locator("input.select").nth(1).check();
    await page.locator("button.compare-button").click();
    await page.locator(".histories svg.marks").first().waitFor();
    expect(await page.locator("table.compare-params th a").count()).toBe(2);
    await page.screenshot({ path: join(screenshotDir, "ui-compare.png"), fullPage: true });

    // a run's page: history charts, artifact browser, download, preview
    await page.goto(`${base}#/r/${firstRun}`);
    await page.locator('.histories [data-metric="curve"] svg.marks').waitFor();
    await page.locator(".artifact-browser a", { hasText: "notes/" }).click();
    const downloading = page.waitForEvent("download");
    await page.locator(".artifact-browser a.download", { hasText: "notes/readme.txt" }).click();
    const download = await downloading;
    expect(await readFile((await download.path())!, "utf8")).toBe(readme);
    await page.locator(".artifact-browser a", { hasText: "up" }).click();
    await page
      .locator(".artifact-browser li.file", { hasText: "plot.png" })
      .locator("button.preview-button")
      .click();
    const preview = page.locator(".preview img");
    await expect
      .poll(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, "ui-run.png"), fullPage: true });

    // the experiment's report, served by the app
    await page.goto(`${base}experiments/${experimentId}/report`);
    await page.locator("table.runs tbody tr.run").first().waitFor();
    await page.screenshot({ path: join(screenshotDir, "ui-report.png"), fullPage: true });

    // a traversal URL typed into the browser
    const traversal = await page.goto(`${base}runs/${firstRun}/artifacts/..%2F..%2Fmeta.yaml`);
    expect([403, 404]).toContain(traversal!.status());
    // the only failed loads are the deliberate bad search (400) and the traversal (403/404)
    expect(seen.errors.filter((text) => !/status of 40[034] /.test(text))).toEqual([]);
    await page.close();
  });
});
