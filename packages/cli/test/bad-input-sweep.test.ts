import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const data = fileURLToPath(new URL("../../../data", import.meta.url));
const cocoGt = join(data, "ds_coco_dataset", "coco_annotations.json");
const cocoDt = join(data, "predictions", "coco_detect.json");

function iqf(args: readonly string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [bin, ...args], { cwd: folder, reject: false, all: true, env });
}

/** No line of the output is a stack frame, and every error line is one `iqf:` line. */
function expectNoStackTrace(output: string | undefined): void {
  expect(output ?? "").not.toMatch(/^ {4}at /m);
  expect(output ?? "").not.toMatch(/^(?:Type|Range|Syntax)?Error: /m);
}

let folder: string;
let geo: string;
let silent: Server;
let silentUrl: string;
const sockets: Socket[] = [];
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "iqf-cli-sweep-"));
  geo = join(folder, "geo");
  await cp(join(data, "ds_geo_dataset"), geo, { recursive: true });
  await writeFile(join(folder, "notes.txt"), "the user's notes\n");
  await writeFile(join(folder, "store-file"), "not a folder\n");
  await mkdir(join(folder, "mlruns", "123"), { recursive: true });
  await writeFile(join(folder, "mlruns", "123", "meta.yaml"), "name: [oops\n");
  await writeFile(join(folder, "bad.yaml"), "name: x\nmodifiers: 3\n");
  await cp(join(data, "ds_coco_dataset"), join(folder, "string-ids"), { recursive: true });
  await writeFile(
    join(folder, "string-ids", "coco_annotations.json"),
    JSON.stringify({ images: [{ id: "a", file_name: "000000005802.jpg" }], annotations: [], categories: [] }),
  );
  // A server that accepts connections and never answers (loopback only).
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const address = silent.address();
  silentUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await rm(folder, { recursive: true, force: true });
});

/** Every command with bad input: each answers with `iqf:` lines and exit code 1, never a stack trace. */
const cases: readonly (readonly [string, readonly string[], RegExp])[] = [
  ["info", ["info", "nope"], /Dataset not found/],
  ["modify", ["modify", "nope", "jpg"], /Dataset not found/],
  ["modify bad param", ["modify", "geo", "quant", "--param", "bits=nine"], /bits/],
  ["eval coco", ["eval", "coco", "--gt", "notes.txt", "--dt", "notes.txt"], /notes\.txt/],
  ...["abc", "0.5,,0.75", "", "1.5", "-0.1"].map(
    (value) =>
      [
        `eval coco --per-image-iou "${value}"`,
        ["eval", "coco", "--gt", cocoGt, "--dt", cocoDt, "--per-image", "--per-image-iou", value],
        /^iqf: --per-image-iou: .*give IoU thresholds from 0 to 1/,
      ] as const,
  ),
  [
    "experiments: store is a file",
    ["experiments", "--tracking-uri", "store-file"],
    /is a file, not a folder/,
  ],
  ["experiments: URI without host", ["experiments", "--tracking-uri", "http://"], /names no server/],
  ["runs: store is a file", ["runs", "x", "--tracking-uri", "store-file"], /is a file, not a folder/],
  ["runs: unknown experiment", ["runs", "x"], /No experiment named 'x'/],
  ["sanity", ["sanity", "nope"], /Dataset not found/],
  ["sanity: string ids", ["sanity", "string-ids"], /images\[0\]\.id is the string "a"/],
  ["stats: string ids", ["stats", "string-ids", "--out", "sid-stats"], /images\[0\]\.id is the string "a"/],
  [
    "eval coco: string ids",
    ["eval", "coco", "--gt", "string-ids/coco_annotations.json", "--dt", cocoDt],
    /images\[0\]\.id is the string "a"/,
  ],
  ["sanity --out file", ["sanity", "geo", "--fix", "--out", "notes.txt"], /notes\.txt: is a file/],
  ["stats --out file", ["stats", "geo", "--out", "notes.txt"], /notes\.txt: is a file/],
  ["measure snr", ["measure", "snr", "nope"], /nope/],
  ["measure sharpness", ["measure", "sharpness", "nope"], /nope/],
  ["run: missing file", ["run", "nope.yaml"], /nope\.yaml/],
  ["run: bad file", ["run", "bad.yaml"], /bad\.yaml/],
  ["run: store is a file", ["run", "bad.yaml", "--tracking-uri", "store-file"], /bad\.yaml/],
  ["plot: unknown experiment", ["plot", "x", "--x", "a", "--y", "b"], /No experiment named ["']x["']/],
  ["plot -o x.txt", ["plot", "x", "--x", "a", "--y", "b", "-o", "x.txt"], /iqf:/],
  ["robustness", ["robustness", "x", "--metric", "m", "--by", "q"], /iqf:/],
];

describe("every command with bad input prints iqf: lines, never a stack trace", () => {
  it.each(cases)("%s", async (_name, args, pattern) => {
    const result = await iqf(args);
    expectNoStackTrace(result.all);
    expect(result.exitCode, result.all).toBe(1);
    expect(result.stderr).toMatch(/^iqf: /);
    expect(result.stderr).toMatch(pattern);
  });

  it("a malformed experiment meta.yaml is skipped with a warning; the others are listed", async () => {
    await mkdir(join(folder, "mlruns", "456"), { recursive: true });
    await writeFile(
      join(folder, "mlruns", "456", "meta.yaml"),
      "artifact_location: /tmp/x\nexperiment_id: '456'\nlifecycle_stage: active\nname: good\n",
    );
    const result = await iqf(["experiments"]);
    expectNoStackTrace(result.all);
    expect(result.stderr).toMatch(/^iqf: skipped an experiment: .*mlruns\/123\/meta\.yaml/);
    expect(result.stdout).toMatch(/good/);
    const runs = await iqf(["runs", "good"]);
    expect(runs.exitCode, runs.all).toBe(0);
  });

  it("plot output paths: a wrong extension and a missing folder are refused, nothing is created", async () => {
    const { FileStore } = await import("@iqf/tracking");
    const store = new FileStore(join(folder, "plot-store"));
    const experiment = await store.getOrCreateExperiment("p");
    const run = await store.createRun({ experimentId: experiment.experimentId });
    await store.logBatch(run.info.runId, {
      params: [{ key: "a", value: "1" }],
      metrics: [{ key: "b", value: 2 }],
    });
    await store.updateRun(run.info.runId, { status: "FINISHED" });
    const common = ["plot", "p", "--x", "a", "--y", "b", "--tracking-uri", "plot-store"];
    const txt = await iqf([...common, "-o", "x.txt"]);
    expectNoStackTrace(txt.all);
    expect(txt.stderr).toMatch(/x\.txt: the file name must end in \.png or \.svg/);
    const missing = await iqf([...common, "-o", join(folder, "no", "such", "p.png")]);
    expectNoStackTrace(missing.all);
    expect(missing.stderr).toMatch(/the folder .*no\/such does not exist/);
    await expect(import("node:fs/promises").then((fs) => fs.stat(join(folder, "no")))).rejects.toThrow();
  });

  it("every output flag refuses a missing folder with one line and creates nothing", async () => {
    const { FileStore } = await import("@iqf/tracking");
    const store = new FileStore(join(folder, "out-store"));
    const experiment = await store.getOrCreateExperiment("o");
    for (const [q, b] of [
      ["10", 1],
      ["90", 2],
    ] as const) {
      const run = await store.createRun({ experimentId: experiment.experimentId });
      await store.logBatch(run.info.runId, {
        params: [{ key: "q", value: q }],
        metrics: [{ key: "b", value: b }],
      });
      await store.updateRun(run.info.runId, { status: "FINISHED" });
    }
    const missing = join(folder, "missing-parent");
    const track = ["--tracking-uri", "out-store"];
    const commands: readonly (readonly string[])[] = [
      ["plot", "o", "--x", "q", "--y", "b", "-o", join(missing, "p.png"), ...track],
      ["report", "o", "-o", join(missing, "r.html"), ...track],
      ["robustness", "o", "--metric", "b", "--by", "q", "--chart", join(missing, "c.png"), ...track],
      ["stats", "geo", "--out", join(missing, "stats")],
      ["sanity", "geo", "--fix", "--out", join(missing, "fixed")],
    ];
    for (const args of commands) {
      const result = await iqf(args);
      expectNoStackTrace(result.all);
      expect(result.exitCode, `${args.join(" ")}: ${result.all}`).toBe(1);
      expect(result.stderr).toMatch(/^iqf: .*the folder .*missing-parent does not exist; create it first/);
      await expect(
        import("node:fs/promises").then((fs) => fs.stat(missing)),
        args.join(" "),
      ).rejects.toThrow();
    }
  });

  it("output into a closed pipe (| head) ends quietly", async () => {
    const run = execa(
      process.execPath,
      [
        bin,
        "eval",
        "coco",
        "--gt",
        join(data, "ds_coco_dataset", "coco_annotations.json"),
        "--dt",
        join(data, "predictions", "coco_detect.json"),
        "--json",
        "--per-image",
      ],
      { reject: false, stdout: "pipe" },
    );
    run.stdout?.destroy();
    const result = await run;
    expectNoStackTrace(result.stderr);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });
});

describe("a tracking server that accepts connections and never answers", () => {
  it("gives up after MLFLOW_HTTP_REQUEST_TIMEOUT with a waiting note naming the server", async () => {
    const started = Date.now();
    const result = await iqf(["experiments", "--tracking-uri", silentUrl], {
      MLFLOW_HTTP_REQUEST_TIMEOUT: "4",
    });
    const seconds = (Date.now() - started) / 1000;
    expectNoStackTrace(result.all);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`iqf: waiting for ${silentUrl} \\(no answer for 3 s`));
    expect(result.stderr).toMatch(/Cannot reach the MLflow tracking server .* no answer within 4000 ms/);
    expect(seconds).toBeLessThan(20);
  }, 60_000);

  it("gives up within the CLI's default timeout when nothing is set", async () => {
    const started = Date.now();
    const result = await iqf(["experiments", "--tracking-uri", silentUrl]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/no answer within 15000 ms/);
    expect((Date.now() - started) / 1000).toBeLessThan(45);
  }, 90_000);
});
