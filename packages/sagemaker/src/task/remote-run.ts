import type { DescribeTrainingJobResponse } from "@aws-sdk/client-sagemaker";
import type { TaskRunOutcome, TaskRunRequest } from "@iqf/experiments";
import type { AwsClients } from "../config/clients.js";
import type { ResolvedSageMakerOptions } from "../config/resolve.js";
import { createTrainingJobRequest } from "../job/create-request.js";
import type { JobLog } from "../job/job-log.js";
import { jobNameStem } from "../job/job-name.js";
import { collectJobOutput, outputArchiveLocation } from "../job/job-outputs.js";
import { LogFollower } from "../job/log-follower.js";
import { runChannels, runHyperparameters } from "../job/run-hyperparameters.js";
import { followTrainingJob } from "../job/training-job.js";
import { joinKey, type S3Location, s3Uri } from "../upload/s3-location.js";

/** What a remote run needs besides the request. */
export interface RemoteRunContext {
  /** Validated options (with `cloud`). */
  readonly options: ResolvedSageMakerOptions;
  /** SDK clients. */
  readonly clients: AwsClients;
  /** Region the clients use. */
  readonly region: string;
  /** The uploaded code archive. */
  readonly source: S3Location;
  /** Uploads a dataset folder once per execution; resolves with its data prefix. */
  readonly dataset: (folder: string) => Promise<S3Location>;
  /** The run's log. */
  readonly log: JobLog;
}

/** Run tags describing a finished job: name, instances, billable time, model location. */
function jobTags(job: DescribeTrainingJobResponse): Record<string, string> {
  const tags: Record<string, string> = { "iqf.sagemaker.job": job.TrainingJobName ?? "" };
  if (job.ResourceConfig?.InstanceType) tags["iqf.sagemaker.instance_type"] = job.ResourceConfig.InstanceType;
  if (job.ResourceConfig?.InstanceCount !== undefined) {
    tags["iqf.sagemaker.instance_count"] = String(job.ResourceConfig.InstanceCount);
  }
  if (job.BillableTimeInSeconds !== undefined)
    tags["iqf.sagemaker.billable_seconds"] = String(job.BillableTimeInSeconds);
  if (job.TrainingTimeInSeconds !== undefined)
    tags["iqf.sagemaker.training_seconds"] = String(job.TrainingTimeInSeconds);
  if (job.ModelArtifacts?.S3ModelArtifacts) tags["iqf.sagemaker.model"] = job.ModelArtifacts.S3ModelArtifacts;
  return tags;
}

/**
 * One run as a SageMaker training job: uploads (or finds) its datasets, starts or re-attaches
 * the cell's job, follows it to the end and collects `output.tar.gz` into the run's output
 * folder. Completed → exit code 0; Failed → `job-failed` with the failure reason and the log
 * tail; Stopped by Ctrl-C → interrupted; Stopped by `MaxRuntimeExceeded` → timed out.
 */
export async function runRemote(
  request: TaskRunRequest,
  context: RemoteRunContext,
): Promise<Omit<TaskRunOutcome, "stdoutPath" | "stderrPath" | "durationMs">> {
  const { options, clients, log } = context;
  const cloud = options.cloud!;
  const channelFolders = Object.entries(runChannels(request.args));
  const uploaded = await Promise.all(channelFolders.map(([, folder]) => context.dataset(folder)));
  const channels = Object.fromEntries(channelFolders.map(([name], index) => [name, uploaded[index]!]));
  const params = Object.fromEntries(
    Object.entries(channels).map(([name, location]) => [`${name}_s3`, s3Uri(location)]),
  );
  if (request.signal?.aborted) return { interrupted: true, timedOut: false, params };
  const outputPath: S3Location = { bucket: cloud.bucket, key: joinKey(cloud.prefix, "jobs") };
  const followed = await followTrainingJob({
    sageMaker: clients.sageMaker,
    stem: jobNameStem(request.experimentName, `${cloud.bucket}/${cloud.prefix}`, request.cellId),
    request: (name) =>
      createTrainingJobRequest(options, {
        name,
        hyperparameters: runHyperparameters(request.args, {
          entryPoint: options.entryPoint,
          submitDirectory: s3Uri(context.source),
          region: context.region,
        }),
        channels,
        outputPath,
        region: context.region,
        tags: { "iqf:cell": request.cellId, "iqf:run": request.runId },
      }),
    log,
    follower: (name) => new LogFollower(clients.logs, name, (line) => log.line(line)),
    ...(request.signal ? { signal: request.signal } : {}),
    pollMs: { initial: options.pollMs, max: Math.max(options.pollMs, 60_000) },
    stopWaitMs: options.stopWaitMs,
    networkGraceMs: 15 * 60_000,
  });
  const { job } = followed;
  const tags = jobTags(job);
  const instances = `${job.ResourceConfig?.InstanceCount ?? "?"} × ${job.ResourceConfig?.InstanceType ?? "?"}`;
  log.note(
    `${job.TrainingJobName} ${job.TrainingJobStatus}: billable ${job.BillableTimeInSeconds ?? 0} s on ${instances}`,
  );
  const base = { params, tags, timedOut: false, interrupted: false };
  switch (job.TrainingJobStatus) {
    case "Completed": {
      const archive = outputArchiveLocation(outputPath, job.TrainingJobName!);
      if (!(await collectJobOutput(clients.s3, archive, request.args.outputpath))) {
        log.note(`the job left no ${s3Uri(archive)}`);
      }
      return { ...base, exitCode: 0 };
    }
    case "Failed": {
      const tail = log.tail();
      const detail = `${job.FailureReason ?? "the training job failed"}${tail.length > 0 ? `\n--- last log lines ---\n${tail.join("\n")}` : ""}`;
      return { ...base, failure: { reason: "job-failed", detail } };
    }
    case "Stopped":
      if (job.SecondaryStatus === "MaxRuntimeExceeded") return { ...base, timedOut: true };
      if (followed.stopRequested) return { ...base, interrupted: true };
      return {
        ...base,
        failure: { reason: "job-stopped", detail: `${job.TrainingJobName} was stopped outside iqf` },
      };
    default:
      // Still Stopping when the bounded wait after Ctrl-C ran out.
      return { ...base, interrupted: true };
  }
}
