import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileStore, RestStore } from "@iqf/tracking";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMlflowTestServer } from "../../tracking/test/helpers/mlflow-test-server.js";
import { temporaryFolder } from "../../tracking/test/helpers/stores.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const sample = fileURLToPath(
  new URL("../../../fixtures/reference/mlflow/mlruns-sample/mlruns", import.meta.url),
);

function iqf(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return execa(process.execPath, [bin, ...args], {
    reject: false,
    cwd: options.cwd,
    env: { MLFLOW_TRACKING_URI: "", ...options.env },
  });
}

describe("iqf experiments and iqf runs", () => {
  let folder: string;
  let root: string;
  beforeAll(async () => {
    folder = await temporaryFolder("iqf-cli-tracking-");
    root = join(folder, "mlruns");
    await cp(sample, root, { recursive: true });
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("lists experiments as a table and as JSON, defaulting to ./mlruns", async () => {
    const table = await iqf(["experiments"], { cwd: folder });
    expect(table.exitCode).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^experiment_id\s+name\s+created\s+artifact_location$/);
    expect(table.stdout).toMatch(/131490987086432221\s+sample-exp\s+/);
    const json = await iqf(["experiments", "--json", "--tracking-uri", root]);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        experiment_id: "131490987086432221",
        name: "sample-exp",
        artifact_location: "/abs/mlruns/131490987086432221",
        lifecycle_stage: "active",
        creation_time: 1795582657248,
        last_update_time: 1795582657248,
        tags: { project: "ts-port" },
      },
      {
        experiment_id: "0",
        name: "Default",
        artifact_location: "/abs/mlruns/0",
        lifecycle_stage: "active",
        creation_time: 1795582657246,
        last_update_time: 1795582657246,
        tags: {},
      },
    ]);
  });

  it("prints the runs of the MLflow sample as one JSON array", async () => {
    const result = await iqf(["runs", "sample-exp", "--format", "json"], {
      env: { MLFLOW_TRACKING_URI: `file://${root}` },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([
      {
        run_id: "ee020ce681ce46ce8ff71df7863087ba",
        run_name: "run-beta",
        status: "FAILED",
        start_time: 1700000001000,
        end_time: 1700000009001,
        params: { lr: "0.02", optimizer: "adam" },
        metrics: { accuracy: 0.91, loss: 0.125 },
        tags: {
          idx: "1",
          "mlflow.note.content": "note for run-beta",
          "mlflow.runName": "run-beta",
          stage: "dev",
        },
      },
      {
        run_id: "d6679a38c13d4d23aace708b03e2acf7",
        run_name: "run-alpha",
        status: "FINISHED",
        start_time: 1700000000000,
        end_time: 1700000009000,
        params: { lr: "0.01", optimizer: "adam" },
        metrics: { accuracy: 0.9, loss: 0.0625 },
        tags: {
          idx: "0",
          "mlflow.note.content": "note for run-alpha",
          "mlflow.runName": "run-alpha",
          stage: "dev",
        },
      },
    ]);
  });

  it("prints CSV with one column per param/metric/tag and RFC 4180 quoting, and an aligned table", async () => {
    const store = new FileStore(root);
    const experimentId = await store.createExperiment("quoting");
    const { info } = await store.createRun({ experimentId, runName: "q", startTime: 5 });
    await store.logParam(info.runId, "note", 'a, "quoted"\nvalue');
    await store.logMetric(info.runId, { key: "nan", value: Number.NaN, timestamp: 1 });
    const csv = await iqf(["runs", "quoting", "--format", "csv", "--tracking-uri", root]);
    expect(csv.exitCode).toBe(0);
    expect(csv.stdout).toBe(
      "run_id,run_name,status,start_time,end_time,params.note,metrics.nan,tags.mlflow.runName\r\n" +
        `${info.runId},q,RUNNING,5,,"a, ""quoted""\nvalue",NaN,q`,
    );
    const json = JSON.parse(
      (await iqf(["runs", "quoting", "--format", "json", "--tracking-uri", root])).stdout,
    );
    expect(json[0]).toMatchObject({ end_time: null, metrics: { nan: "NaN" } });
    const table = await iqf(["runs", "quoting", "--tracking-uri", root]);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^run_id\s+run_name\s+status\s+start_time\s+end_time\s+params\.note\s+metrics\.nan$/,
    );
    expect(lines[1]).toMatch(/^-+( {2}-+)+$/);
    expect(lines[2]).toContain('a, "quoted" value');
    expect(lines[0]!.indexOf("status")).toBe(lines[2]!.indexOf("RUNNING"));
  });

  it("reports a malformed run file with its path and line, still lists the other runs, and exits 1", async () => {
    const broken = join(folder, "broken");
    await cp(sample, broken, { recursive: true });
    const metaPath = join(broken, "131490987086432221", "d6679a38c13d4d23aace708b03e2acf7", "meta.yaml");
    await writeFile(metaPath, (await readFile(metaPath, "utf8")).replace("status: 3", "status: 99"));
    const result = await iqf(["runs", "sample-exp", "--format", "json", "--tracking-uri", broken]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(metaPath);
    expect(result.stderr).toContain("line 12");
    expect(JSON.parse(result.stdout).map((run: { run_name: string }) => run.run_name)).toEqual(["run-beta"]);
    const metricPath = join(
      broken,
      "131490987086432221",
      "ee020ce681ce46ce8ff71df7863087ba",
      "metrics",
      "loss",
    );
    await writeFile(metricPath, "1 2.0 0\n2 1.0 1 x\n");
    const both = await iqf(["runs", "sample-exp", "--format", "csv", "--tracking-uri", broken]);
    expect(both.stderr).toContain(`${metricPath}: line 2`);
    expect(both.exitCode).toBe(1);
  });

  it("names the known experiments when the experiment is unknown", async () => {
    const result = await iqf(["runs", "does-not-exist", "--tracking-uri", root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("iqf: No experiment named 'does-not-exist'");
    expect(result.stderr).toContain("Known experiments: 'Default', 'quoting', 'sample-exp'.");
    const format = await iqf(["runs", "sample-exp", "--format", "xml", "--tracking-uri", root]);
    expect(format.exitCode).toBe(1);
    expect(format.stderr).toContain("--format must be one of json, csv, table");
  });

  it("reads runs from an MLflow server, sending the token and never printing it", async () => {
    const server = await startMlflowTestServer({ token: "secret-token" });
    try {
      const store = new RestStore(server.url, { env: { MLFLOW_TRACKING_TOKEN: "secret-token" } });
      const experimentId = await store.createExperiment("remote");
      const { info } = await store.createRun({ experimentId, runName: "r1", startTime: 1700000000000 });
      await store.logBatch(info.runId, {
        params: [{ key: "lr", value: "0.1" }],
        metrics: [
          { key: "rmse", value: 2, timestamp: 1, step: 0 },
          { key: "rmse", value: 1, timestamp: 2, step: 1 },
        ],
      });
      await store.updateRun(info.runId, { status: "FINISHED", endTime: 1700000005000 });
      const result = await iqf(["runs", "remote", "--format", "json", "--tracking-uri", server.url], {
        env: { MLFLOW_TRACKING_TOKEN: "secret-token" },
      });
      expect(result.exitCode).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual([
        {
          run_id: info.runId,
          run_name: "r1",
          status: "FINISHED",
          start_time: 1700000000000,
          end_time: 1700000005000,
          params: { lr: "0.1" },
          metrics: { rmse: 1 },
          tags: { "mlflow.runName": "r1" },
        },
      ]);
      const denied = await iqf(["experiments", "--tracking-uri", server.url], {
        env: { MLFLOW_TRACKING_TOKEN: "wrong-token", MLFLOW_HTTP_REQUEST_MAX_RETRIES: "0" },
      });
      expect(denied.exitCode).toBe(1);
      expect(denied.stderr).toContain("HTTP 401");
      expect(denied.stderr + denied.stdout).not.toContain("wrong-token");
    } finally {
      await server.close();
    }
  });

  it("fails clearly after the retries when the server is unreachable, without showing credentials", async () => {
    const result = await iqf(["experiments", "--tracking-uri", "http://user:hunter2@127.0.0.1:9"], {
      env: { MLFLOW_HTTP_REQUEST_MAX_RETRIES: "2", MLFLOW_TRACKING_PASSWORD: "hunter3" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^iqf: Cannot reach the MLflow tracking server at http:\/\/127\.0\.0\.1:9 after 3 attempt\(s\)/,
    );
    expect(result.stderr).not.toMatch(/hunter|user/);
  });
});
