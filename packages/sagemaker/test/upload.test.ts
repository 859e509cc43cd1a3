import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { ProgressEvent } from "@iqf/core";
import { manifestObjectName, SageMakerTaskExecution, uploadFolder } from "@iqf/sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempFolder } from "./helpers.js";
import { startS3Server, type TestS3Server, testCredentials } from "./support/s3-server.js";

let folder: string;
let server: TestS3Server;
let s3: S3Client;
const commands: string[] = [];

beforeAll(async () => {
  folder = await tempFolder("upload");
  server = await startS3Server();
  s3 = new S3Client({
    region: "us-east-1",
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: testCredentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  s3.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize" },
  );
  const ds = join(folder, "ds#jpg10_modifier");
  await mkdir(join(ds, "images", "nested"), { recursive: true });
  for (let index = 0; index < 12; index += 1) {
    await writeFile(join(ds, "images", `img${index}.jpg`), randomBytes(20_000 + index));
  }
  await writeFile(join(ds, "images", "nested", "big.bin"), randomBytes(20 * 1024 * 1024));
  await writeFile(join(ds, "empty.txt"), "");
  await writeFile(join(ds, "coco.json"), '{"images":[]}');
});
afterAll(async () => {
  s3?.destroy();
  await server?.close();
  await rm(folder, { recursive: true, force: true });
});

async function text(key: string): Promise<string> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: server.bucket, Key: key }));
  return answer.Body!.transformToString();
}

describe("content-addressed dataset upload", () => {
  const ds = (): string => join(folder, "ds#jpg10_modifier");

  it("resumes an interrupted upload, sending only the missing files", async () => {
    const controller = new AbortController();
    let progressed = 0;
    await expect(
      uploadFolder({
        s3,
        folder: ds(),
        destination: { bucket: server.bucket, key: "iqf/datasets" },
        name: "ds-jpg10_modifier",
        concurrency: 2,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.item !== undefined && ++progressed === 3) controller.abort(new Error("interrupted"));
        },
      }),
    ).rejects.toThrow();
    const before = server.writes.length;
    expect(before).toBeGreaterThan(0);
    expect(server.writes.some((key) => key.endsWith(manifestObjectName))).toBe(false);
    commands.length = 0;
    const events: ProgressEvent[] = [];
    const uploaded = await uploadFolder({
      s3,
      folder: ds(),
      destination: { bucket: server.bucket, key: "iqf/datasets" },
      name: "ds-jpg10_modifier",
      onProgress: (event) => events.push(event),
    });
    expect(uploaded.skippedFiles).toBe(before);
    expect(uploaded.uploadedFiles).toBe(15 - before);
    expect(uploaded.data.key).toMatch(/^iqf\/datasets\/ds-jpg10_modifier-[0-9a-f]{16}\/data\/$/);
    // The 20 MiB file went up in parts.
    expect(commands).toContain("CreateMultipartUploadCommand");
    expect(commands).toContain("CompleteMultipartUploadCommand");
    expect(events.at(-1)).toMatchObject({ done: uploaded.manifest.bytes, total: uploaded.manifest.bytes });
    expect(events.every((event, index) => index === 0 || event.done >= events[index - 1]!.done)).toBe(true);
    const manifest = JSON.parse(await text(uploaded.data.key.replace(/data\/$/, manifestObjectName)));
    expect(manifest.files).toHaveLength(15);
    expect(manifest.files[0]).toEqual({
      path: "coco.json",
      size: 13,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await text(`${uploaded.data.key}coco.json`)).toBe('{"images":[]}');
  });

  it("never uploads an unchanged folder again, and a changed one under a new prefix", async () => {
    const writes = server.writes.length;
    const again = await uploadFolder({
      s3,
      folder: ds(),
      destination: { bucket: server.bucket, key: "iqf/datasets" },
      name: "ds-jpg10_modifier",
    });
    expect(again.uploadedFiles).toBe(0);
    expect(server.writes.length).toBe(writes);
    await writeFile(join(ds(), "coco.json"), '{"images":[1]}');
    const changed = await uploadFolder({
      s3,
      folder: ds(),
      destination: { bucket: server.bucket, key: "iqf/datasets" },
      name: "ds-jpg10_modifier",
    });
    expect(changed.data.key).not.toBe(again.data.key);
    expect(changed.uploadedFiles).toBe(15);
  });

  it("reports an unknown bucket before any job starts", async () => {
    process.env.AWS_ENDPOINT_URL_S3 = server.endpoint;
    process.env.AWS_ACCESS_KEY_ID = testCredentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = testCredentials.secretAccessKey;
    process.env.AWS_REGION = "us-east-1";
    const code = join(folder, "code");
    await mkdir(code, { recursive: true });
    await writeFile(join(code, "train.py"), "");
    const options = { sourceDir: code, image: "img", role: "arn:aws:iam::123456789012:role/R" };
    const task = new SageMakerTaskExecution({
      ...options,
      entryPoint: "train.py",
      cloud: { bucket: "no-such-bucket" },
    });
    await expect(task.check()).rejects.toThrow(/cloud\.bucket: the bucket no-such-bucket does not exist/);
    const missing = new SageMakerTaskExecution({
      ...options,
      entryPoint: "missing.py",
      cloud: { bucket: server.bucket },
    });
    await expect(missing.check()).rejects.toThrow(/entryPoint: .*missing\.py does not exist/);
  });
});
