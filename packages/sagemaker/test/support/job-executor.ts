import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  createJobFolder,
  decodeHyperparameter,
  joinKey,
  type LocalJobResult,
  parseS3Uri,
  runEntryPoint,
} from "@iqf/sagemaker";
import { create as createTar, extract } from "tar";

/** What a training job of the test endpoint was created with (the parts it uses). */
export interface JobDefinition {
  readonly TrainingJobName: string;
  readonly HyperParameters?: Record<string, string>;
  readonly AlgorithmSpecification: { TrainingImage?: string };
  readonly InputDataConfig?: { ChannelName: string; DataSource: { S3DataSource: { S3Uri: string } } }[];
  readonly OutputDataConfig: { S3OutputPath: string };
  readonly ResourceConfig: { InstanceType: string; InstanceCount: number };
  readonly StoppingCondition: { MaxRuntimeInSeconds?: number };
  readonly Environment?: Record<string, string>;
}

/** Receives the phases of a job as SageMaker reports them. */
export interface JobObserver {
  secondary(status: "Downloading" | "Training" | "Uploading", message: string): void;
  line(text: string): void;
}

async function downloadPrefix(s3: S3Client, uri: string, folder: string): Promise<void> {
  const { bucket, key } = parseS3Uri(uri);
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const relative = object.Key!.slice(key.length).replace(/^\/+/, "");
      if (relative === "" || relative.endsWith("/")) continue;
      const target = join(folder, ...relative.split("/"));
      await mkdir(dirname(target), { recursive: true });
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      await writeFile(target, await body.Body!.transformToByteArray());
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

async function uploadFolderArchive(s3: S3Client, folder: string, uri: string): Promise<void> {
  const archive = join(dirname(folder), `${Date.now()}-${Math.random().toString(36).slice(2)}.tar.gz`);
  await createTar({ gzip: true, file: archive, cwd: folder, portable: true }, ["."]);
  const { bucket, key } = parseS3Uri(uri);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(archive) }));
}

/** A `Writable` that hands complete lines to `line`. */
function lineSink(line: (text: string) => void): Writable {
  let pending = "";
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const parts = (pending + chunk.toString("utf8")).split("\n");
      pending = parts.pop() ?? "";
      for (const part of parts) line(part);
      callback();
    },
    final(callback) {
      if (pending !== "") line(pending);
      callback();
    },
  });
}

/**
 * Runs one training job the way a SageMaker framework container would, on this machine:
 * downloads the channels and `sourcedir.tar.gz` from S3 into an `/opt/ml`-shaped folder, runs
 * the entry point with `@iqf/sagemaker`'s local runner, and uploads `output.tar.gz` and
 * `model.tar.gz` under `<S3OutputPath>/<job>/output/`.
 */
export async function executeJob(
  s3: S3Client,
  job: JobDefinition,
  observer: JobObserver,
  signal: AbortSignal,
): Promise<LocalJobResult> {
  const root = await mkdtemp(join(tmpdir(), "iqf-sm-endpoint-"));
  try {
    const hyperparameters = job.HyperParameters ?? {};
    const channels = job.InputDataConfig ?? [];
    observer.secondary("Downloading", "Downloading input data");
    const folder = await createJobFolder(root, {
      hyperparameters,
      channels: channels.map((channel) => channel.ChannelName),
      instanceType: job.ResourceConfig.InstanceType,
    });
    for (const channel of channels) {
      await downloadPrefix(
        s3,
        channel.DataSource.S3DataSource.S3Uri,
        folder.channelDirs[channel.ChannelName]!,
      );
    }
    const submit = String(decodeHyperparameter(hyperparameters.sagemaker_submit_directory ?? '""'));
    const { bucket, key } = parseS3Uri(submit);
    const code = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const archive = join(root, "sourcedir.tar.gz");
    await writeFile(archive, await code.Body!.transformToByteArray());
    await extract({ file: archive, cwd: folder.codeDir });
    observer.secondary("Training", "Training image download completed. Training in progress.");
    const sink = lineSink((text) => observer.line(text));
    const result = await runEntryPoint(folder, {
      codeDir: folder.codeDir,
      entryPoint: String(decodeHyperparameter(hyperparameters.sagemaker_program ?? '""')),
      hyperparameters,
      moduleDir: submit,
      jobName: job.TrainingJobName,
      instanceType: job.ResourceConfig.InstanceType,
      ...(job.Environment ? { environment: job.Environment } : {}),
      stdoutFile: join(root, "stdout.log"),
      stderrFile: join(root, "stderr.log"),
      echo: { stdout: sink, stderr: sink },
      signal,
      ...(job.StoppingCondition.MaxRuntimeInSeconds !== undefined
        ? { timeoutMs: job.StoppingCondition.MaxRuntimeInSeconds * 1000 }
        : {}),
    });
    sink.end();
    if (result.status === "Completed") {
      observer.secondary("Uploading", "Uploading generated training model");
      const output = joinKey(job.OutputDataConfig.S3OutputPath, job.TrainingJobName, "output");
      await uploadFolderArchive(s3, folder.outputDataDir, `${output}/output.tar.gz`);
      await uploadFolderArchive(s3, folder.modelDir, `${output}/model.tar.gz`);
    }
    return result;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
