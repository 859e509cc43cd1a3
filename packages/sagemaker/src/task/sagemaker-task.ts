import { stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { InvalidParams } from "@iqf/core";
import type { TaskExecution, TaskRunOutcome, TaskRunRequest } from "@iqf/experiments";
import { type AwsClients, createAwsClients } from "../config/clients.js";
import type { SageMakerTaskOptions } from "../config/options.js";
import { type ResolvedSageMakerOptions, resolveOrThrow } from "../config/resolve.js";
import { JobLog } from "../job/job-log.js";
import { jobName, jobNameStem } from "../job/job-name.js";
import { joinKey, keySafe, type S3Location } from "../upload/s3-location.js";
import { uploadFolder } from "../upload/upload-folder.js";
import { uploadSource } from "../upload/upload-source.js";
import { runLocal } from "./local-run.js";
import { runRemote } from "./remote-run.js";

/**
 * Runs each grid cell as an AWS SageMaker training job (iquaflow's `SageMakerTaskExecution`),
 * or with `local: true` on this machine under the same training-container contract. Use it as
 * the `task` of an `ExperimentSetup`.
 *
 * Remote runs upload each modified dataset once (content-addressed, resumable) and the code as
 * `sourcedir.tar.gz`, start one job per cell under a deterministic name (a re-run collects a
 * Completed job and re-attaches to a running one), stream the job's CloudWatch log into the
 * run's `logs/`, and unpack `output.tar.gz` into the run's output folder, so `results.json`,
 * `output.json` and files are recorded exactly as for a local run. Credentials come from the
 * AWS SDK's default chain and are never written anywhere.
 */
export class SageMakerTaskExecution implements TaskExecution {
  /** The validated options, with defaults. */
  readonly options: ResolvedSageMakerOptions;
  private readonly onUploadProgress: SageMakerTaskOptions["onUploadProgress"];
  private clientsValue?: AwsClients;
  private sourceUpload?: Promise<S3Location>;
  private readonly datasetUploads = new Map<string, Promise<S3Location>>();

  /**
   * @param options - what to run and where; validated (`InvalidParams` names each bad field).
   * Relative `sourceDir` (or `entryPoint` without `sourceDir`) start at the working directory.
   */
  constructor(options: SageMakerTaskOptions) {
    this.options = resolveOrThrow(options);
    this.onUploadProgress = options.onUploadProgress;
  }

  /** `sagemaker <entry point> on <instances>` or `sagemaker local <entry point>`. */
  get description(): string {
    const { entryPoint, local, instanceCount, instanceType } = this.options;
    return local
      ? `sagemaker local ${entryPoint}`
      : `sagemaker ${entryPoint} on ${instanceCount} × ${instanceType}`;
  }

  private get clients(): AwsClients {
    this.clientsValue ??= createAwsClients(this.options.cloud?.region);
    return this.clientsValue;
  }

  /**
   * Checks, before any job starts, that the entry point exists in the code folder and (for
   * remote runs) that the bucket exists and is reachable with the current credentials.
   */
  async check(): Promise<void> {
    const entry = join(this.options.sourceDir, this.options.entryPoint);
    const info = await stat(entry).catch(() => undefined);
    if (!info?.isFile()) {
      throw new InvalidParams("SageMakerTaskExecution", [
        `entryPoint: ${entry} does not exist; the entry point is relative to sourceDir (${this.options.sourceDir})`,
      ]);
    }
    const cloud = this.options.cloud;
    if (this.options.local || !cloud) return;
    try {
      await this.clients.s3.send(new HeadBucketCommand({ Bucket: cloud.bucket }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const why =
        status === 404
          ? "does not exist"
          : status === 403
            ? "is not accessible with the current AWS credentials"
            : `cannot be reached (${(error as Error).name}: ${(error as Error).message})`;
      throw new InvalidParams("SageMakerTaskExecution", [
        `cloud.bucket: the bucket ${cloud.bucket} ${why}; create it or fix the name (and the region)`,
      ]);
    }
  }

  /** Runs one cell; see {@link TaskExecution.run}. */
  async run(request: TaskRunRequest): Promise<TaskRunOutcome> {
    const started = performance.now();
    const duration = (): number => performance.now() - started;
    const cloud = this.options.cloud;
    if (this.options.local) {
      const stem = jobNameStem(request.experimentName, "local", request.cellId);
      return { ...(await runLocal(request, this.options, jobName(stem, 1))), durationMs: duration() };
    }
    const log = new JobLog(request.logDir, request.echo, request.linePrefix ?? "");
    let outcome: Omit<TaskRunOutcome, "stdoutPath" | "stderrPath" | "durationMs">;
    try {
      const region = await this.clients.sageMaker.config.region();
      outcome = await runRemote(request, {
        options: this.options,
        clients: this.clients,
        region,
        source: await this.uploadSourceOnce(cloud!),
        dataset: (folder) => this.uploadDatasetOnce(folder, cloud!, request.signal),
        log,
      });
    } catch (error) {
      const interrupted = request.signal?.aborted === true;
      const message = `${(error as Error).name}: ${(error as Error).message}`;
      log.note(interrupted ? "stopped by Ctrl-C before the job started" : message);
      outcome = interrupted
        ? { interrupted: true, timedOut: false }
        : { interrupted: false, timedOut: false, failure: { reason: "sagemaker-error", detail: message } };
    } finally {
      await log.close();
    }
    return { ...outcome, stdoutPath: log.stdoutPath, stderrPath: log.stderrPath, durationMs: duration() };
  }

  private uploadSourceOnce(cloud: NonNullable<ResolvedSageMakerOptions["cloud"]>): Promise<S3Location> {
    this.sourceUpload ??= uploadSource(this.clients.s3, this.options.sourceDir, {
      bucket: cloud.bucket,
      key: cloud.prefix,
    });
    this.sourceUpload.catch(() => {
      this.sourceUpload = undefined;
    });
    return this.sourceUpload;
  }

  private uploadDatasetOnce(
    folder: string,
    cloud: NonNullable<ResolvedSageMakerOptions["cloud"]>,
    signal: AbortSignal | undefined,
  ): Promise<S3Location> {
    let upload = this.datasetUploads.get(folder);
    if (!upload) {
      upload = uploadFolder({
        s3: this.clients.s3,
        folder,
        destination: { bucket: cloud.bucket, key: joinKey(cloud.prefix, "datasets") },
        name: keySafe(basename(folder)),
        concurrency: cloud.uploadConcurrency,
        ...(this.onUploadProgress ? { onProgress: this.onUploadProgress } : {}),
        ...(signal ? { signal } : {}),
      }).then((uploaded) => uploaded.data);
      // A failed or interrupted upload is tried again by the next run that needs it.
      upload.catch(() => this.datasetUploads.delete(folder));
      this.datasetUploads.set(folder, upload);
    }
    return upload;
  }
}
