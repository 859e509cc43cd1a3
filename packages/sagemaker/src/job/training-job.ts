import {
  CreateTrainingJobCommand,
  type CreateTrainingJobRequest,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobResponse,
  ListTrainingJobsCommand,
  type SageMakerClient,
  StopTrainingJobCommand,
  type TrainingJobStatus,
} from "@aws-sdk/client-sagemaker";
import { Backoff, sleep } from "./backoff.js";
import type { JobLog } from "./job-log.js";
import { attemptOf, jobName } from "./job-name.js";
import type { LogFollower } from "./log-follower.js";

/** Statuses after which a job changes no more. */
const terminal: readonly (TrainingJobStatus | undefined)[] = ["Completed", "Failed", "Stopped"];

/** How a training job is found or started, followed and stopped. */
export interface FollowJobOptions {
  /** The SageMaker client. */
  readonly sageMaker: SageMakerClient;
  /** Stem of the cell's job names (see `jobNameStem`). */
  readonly stem: string;
  /** The creation request, given the chosen job name. */
  readonly request: (name: string) => CreateTrainingJobRequest;
  /** Where notes and log lines go. */
  readonly log: JobLog;
  /** Follows the job's CloudWatch log, given its name. */
  readonly follower: (name: string) => LogFollower;
  /** Aborting stops the job (`StopTrainingJob`) and waits for `Stopped`. */
  readonly signal?: AbortSignal;
  /** First and largest delay between status polls. */
  readonly pollMs: { readonly initial: number; readonly max: number };
  /** Longest wait for `Stopped` after a stop request. */
  readonly stopWaitMs: number;
  /** Longest time polling may fail in a row (network lost) before giving up. */
  readonly networkGraceMs: number;
}

/** The end of a followed job. */
export interface FollowedJob {
  /** The last description of the job. */
  readonly job: DescribeTrainingJobResponse;
  /** Whether iqf asked SageMaker to stop it (Ctrl-C). */
  readonly stopRequested: boolean;
  /** Whether the job was found from an earlier execution instead of created now. */
  readonly reattached: boolean;
}

interface Attempt {
  readonly name: string;
  readonly attempt: number;
  readonly status?: TrainingJobStatus;
}

async function latestAttempt(sageMaker: SageMakerClient, stem: string): Promise<Attempt | undefined> {
  let latest: Attempt | undefined;
  let token: string | undefined;
  do {
    const page = await sageMaker.send(
      new ListTrainingJobsCommand({
        NameContains: stem,
        MaxResults: 100,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const summary of page.TrainingJobSummaries ?? []) {
      const attempt = attemptOf(stem, summary.TrainingJobName ?? "");
      if (attempt !== undefined && (latest === undefined || attempt > latest.attempt)) {
        latest = {
          name: summary.TrainingJobName!,
          attempt,
          ...(summary.TrainingJobStatus ? { status: summary.TrainingJobStatus } : {}),
        };
      }
    }
    token = page.NextToken;
  } while (token);
  return latest;
}

function isNetworkError(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || status >= 500;
}

/**
 * Starts the cell's training job, or finds the one an earlier execution started: the latest
 * attempt (`<stem>-<n>`) is collected when Completed and re-attached when InProgress or
 * Stopping; after a Failed or Stopped attempt (or none) attempt n+1 is created. Then polls it
 * until it ends, with backoff and jitter, following its log; a lost network is retried for
 * `networkGraceMs`. Aborting calls `StopTrainingJob` and waits (bounded) for `Stopped`.
 */
export async function followTrainingJob(options: FollowJobOptions): Promise<FollowedJob> {
  const { sageMaker, log } = options;
  const latest = await latestAttempt(sageMaker, options.stem);
  const reattached = latest !== undefined && !["Failed", "Stopped"].includes(latest.status ?? "");
  const name = reattached ? latest.name : jobName(options.stem, (latest?.attempt ?? 0) + 1);
  if (reattached) {
    log.note(`training job ${name} started by an earlier execution is ${latest.status}; attaching to it`);
  } else {
    await sageMaker.send(new CreateTrainingJobCommand(options.request(name)));
    log.note(`training job ${name} created`);
  }
  const follower = options.follower(name);
  const backoff = new Backoff(options.pollMs.initial, options.pollMs.max);
  let lastStatus = "";
  let stopRequested = false;
  let stopDeadline = Number.POSITIVE_INFINITY;
  let failingSince: number | undefined;
  let job: DescribeTrainingJobResponse | undefined;
  for (;;) {
    if (options.signal?.aborted && !stopRequested) {
      stopRequested = true;
      stopDeadline = Date.now() + options.stopWaitMs;
      log.note(`stopping training job ${name}`);
      backoff.reset();
      try {
        await sageMaker.send(new StopTrainingJobCommand({ TrainingJobName: name }));
      } catch (error) {
        log.note(`StopTrainingJob failed: ${(error as Error).message}`);
      }
    }
    try {
      job = await sageMaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
      await follower.poll();
      failingSince = undefined;
    } catch (error) {
      if (!isNetworkError(error)) throw error;
      failingSince ??= Date.now();
      if (Date.now() - failingSince > options.networkGraceMs) throw error;
      log.note(`cannot reach SageMaker (${(error as Error).message}); retrying`);
    }
    const status = `${job?.TrainingJobStatus ?? ""}/${job?.SecondaryStatus ?? ""}`;
    if (job && status !== lastStatus) {
      log.note(`${name}: ${job.TrainingJobStatus} — ${job.SecondaryStatus ?? ""}`);
      lastStatus = status;
      backoff.reset();
    }
    if (job && terminal.includes(job.TrainingJobStatus)) break;
    if (stopRequested && Date.now() > stopDeadline) {
      log.note(
        `${name} did not reach Stopped within ${Math.round(options.stopWaitMs / 1000)} s; leaving it stopping`,
      );
      break;
    }
    await sleep(backoff.next(), stopRequested ? undefined : options.signal);
  }
  await follower.poll().catch(() => undefined);
  if (!job) throw new Error(`training job ${name} could not be described`);
  return { job, stopRequested, reattached };
}
