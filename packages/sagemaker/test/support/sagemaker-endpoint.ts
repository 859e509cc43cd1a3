import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { S3Client } from "@aws-sdk/client-s3";
import { jobNamePattern, trainingLogGroup } from "@iqf/sagemaker";
import { executeJob, type JobDefinition } from "./job-executor.js";

type Status = "InProgress" | "Completed" | "Failed" | "Stopping" | "Stopped";

interface Transition {
  Status: string;
  StartTime: number;
  EndTime?: number;
  StatusMessage: string;
}

/** One training job held by the test endpoint. */
export interface TestJob {
  readonly definition: JobDefinition;
  readonly arn: string;
  status: Status;
  secondary: string;
  failureReason?: string;
  readonly creationTime: number;
  lastModified: number;
  startTime?: number;
  endTime?: number;
  readonly transitions: Transition[];
  readonly events: { timestamp: number; message: string; ingestionTime: number }[];
  readonly controller: AbortController;
  /** Settles when the job has ended. */
  finished: Promise<void>;
}

/** One request received by the endpoint. */
export interface ReceivedCall {
  /** `X-Amz-Target`, e.g. `SageMaker.CreateTrainingJob`. */
  readonly target: string;
  /** The raw body. */
  readonly body: string;
  /** The raw `Authorization` header. */
  readonly authorization: string;
}

/** Options of {@link SageMakerTestEndpoint.start}. */
export interface TestEndpointOptions {
  /** Client of the S3 test server the jobs read and write. */
  readonly s3: S3Client;
  /** Access key id the requests must be signed with. */
  readonly accessKeyId: string;
  /** Answer this many `DescribeTrainingJob` calls with `ThrottlingException` first. */
  throttleDescribe?: number;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const seconds = (ms: number): number => ms / 1000;

/**
 * A SageMaker and CloudWatch Logs endpoint for tests, on 127.0.0.1, speaking the AWS JSON 1.1
 * protocol (`X-Amz-Target: SageMaker.CreateTrainingJob`, `DescribeTrainingJob`,
 * `StopTrainingJob`, `ListTrainingJobs`, `Logs_20140328.DescribeLogStreams`, `GetLogEvents`)
 * to the real SDK clients. Jobs run through `@iqf/sagemaker`'s local runner against the S3
 * test server and move through InProgress (Starting → Downloading → Training → Uploading) to
 * Completed, Failed or Stopped, as the API reference describes; errors use its shapes
 * (`ValidationException`, `ResourceInUse`, `ThrottlingException`, `ResourceNotFoundException`).
 */
export class SageMakerTestEndpoint {
  /** Every request received. */
  readonly calls: ReceivedCall[] = [];
  /** Jobs by name. */
  readonly jobs = new Map<string, TestJob>();
  private readonly sockets = new Set<import("node:net").Socket>();

  private constructor(
    private readonly server: Server,
    readonly options: TestEndpointOptions,
  ) {}

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Starts the endpoint on a free loopback port (or `port`). */
  static async start(options: TestEndpointOptions, port = 0): Promise<SageMakerTestEndpoint> {
    let endpoint: SageMakerTestEndpoint | undefined;
    const server = createServer((request, response) => void endpoint!.handle(request, response));
    endpoint = new SageMakerTestEndpoint(server, options);
    server.on("connection", (socket) => {
      endpoint!.sockets.add(socket);
      socket.on("close", () => endpoint!.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return endpoint;
  }

  /** Calls received with this target. */
  count(target: string): number {
    return this.calls.filter((call) => call.target === target).length;
  }

  /** Stops accepting requests (jobs keep running). */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /** Listens again on the same port after {@link pause}. */
  async resume(port: number): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
  }

  /** Stops every job, waits for them and closes the server. */
  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await Promise.all([...this.jobs.values()].map((job) => job.finished));
    if (this.server.listening) await this.pause();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const target = String(request.headers["x-amz-target"] ?? "");
    const authorization = String(request.headers.authorization ?? "");
    this.calls.push({ target, body, authorization });
    try {
      if (!authorization.startsWith(`AWS4-HMAC-SHA256 Credential=${this.options.accessKeyId}/`)) {
        throw new ServiceError(
          "UnrecognizedClientException",
          "The security token included in the request is invalid.",
        );
      }
      const input = JSON.parse(body || "{}") as Record<string, unknown>;
      const output = this.dispatch(target, input);
      this.reply(response, 200, output);
    } catch (error) {
      const failure =
        error instanceof ServiceError
          ? error
          : new ServiceError("InternalFailure", (error as Error).message, 500);
      response.setHeader("x-amzn-ErrorType", failure.type);
      this.reply(response, failure.status, { __type: failure.type, message: failure.message });
    }
  }

  private reply(response: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "content-length": Buffer.byteLength(text),
      "x-amzn-requestid": randomUUID(),
    });
    response.end(text);
  }

  private dispatch(target: string, input: Record<string, unknown>): unknown {
    switch (target) {
      case "SageMaker.CreateTrainingJob":
        return this.createTrainingJob(input as unknown as JobDefinition & { RoleArn?: string });
      case "SageMaker.DescribeTrainingJob":
        if ((this.options.throttleDescribe ?? 0) > 0) {
          this.options.throttleDescribe! -= 1;
          throw new ServiceError("ThrottlingException", "Rate exceeded");
        }
        return this.describe(this.job(String(input.TrainingJobName)));
      case "SageMaker.StopTrainingJob":
        return this.stopTrainingJob(this.job(String(input.TrainingJobName)));
      case "SageMaker.ListTrainingJobs":
        return this.listTrainingJobs(input);
      case "Logs_20140328.DescribeLogStreams":
        return this.describeLogStreams(input);
      case "Logs_20140328.GetLogEvents":
        return this.getLogEvents(input);
      default:
        throw new ServiceError("UnknownOperationException", `unknown operation ${target}`);
    }
  }

  private job(name: string): TestJob {
    const job = this.jobs.get(name);
    if (!job) throw new ServiceError("ValidationException", "Requested resource not found.");
    return job;
  }

  private createTrainingJob(input: JobDefinition & { RoleArn?: string }): unknown {
    const name = input.TrainingJobName;
    if (typeof name !== "string" || !jobNamePattern.test(name)) {
      throw new ServiceError(
        "ValidationException",
        `1 validation error detected: Value '${name}' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`,
      );
    }
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/.test(input.RoleArn ?? "")) {
      throw new ServiceError(
        "ValidationException",
        "1 validation error detected: Value at 'roleArn' failed to satisfy constraint",
      );
    }
    if (
      !input.AlgorithmSpecification?.TrainingImage ||
      !input.OutputDataConfig?.S3OutputPath ||
      !input.ResourceConfig
    ) {
      throw new ServiceError(
        "ValidationException",
        "AlgorithmSpecification, OutputDataConfig and ResourceConfig are required",
      );
    }
    for (const [key, value] of Object.entries(input.HyperParameters ?? {})) {
      if (typeof value !== "string" || value.length > 2500) {
        throw new ServiceError(
          "ValidationException",
          `hyperparameter ${key} must be a string of at most 2500 characters`,
        );
      }
    }
    if (this.jobs.has(name)) {
      throw new ServiceError(
        "ResourceInUse",
        `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${this.jobs.get(name)!.arn})`,
      );
    }
    const now = Date.now();
    const job: TestJob = {
      definition: input,
      arn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name.toLowerCase()}`,
      status: "InProgress",
      secondary: "Starting",
      creationTime: now,
      lastModified: now,
      transitions: [
        {
          Status: "Starting",
          StartTime: seconds(now),
          StatusMessage: "Preparing the instances for training",
        },
      ],
      events: [],
      controller: new AbortController(),
      finished: Promise.resolve(),
    };
    this.jobs.set(name, job);
    job.finished = this.execute(job);
    return { TrainingJobArn: job.arn };
  }

  private transition(job: TestJob, status: string, message: string): void {
    const now = Date.now();
    const last = job.transitions.at(-1);
    if (last && last.EndTime === undefined) last.EndTime = seconds(now);
    job.transitions.push({ Status: status, StartTime: seconds(now), StatusMessage: message });
    job.secondary = status;
    job.lastModified = now;
  }

  private async execute(job: TestJob): Promise<void> {
    try {
      const result = await executeJob(
        this.options.s3,
        job.definition,
        {
          secondary: (status, message) => {
            if (status === "Training") job.startTime = Date.now();
            if (job.status === "InProgress") this.transition(job, status, message);
          },
          line: (message) => job.events.push({ timestamp: Date.now(), message, ingestionTime: Date.now() }),
        },
        job.controller.signal,
      );
      job.status = result.status;
      this.transition(
        job,
        result.secondaryStatus,
        result.failureReason ?? `Training job ${result.status.toLowerCase()}`,
      );
      if (result.failureReason !== undefined) job.failureReason = result.failureReason;
    } catch (error) {
      job.status = job.controller.signal.aborted ? "Stopped" : "Failed";
      if (job.status === "Failed") job.failureReason = `InternalServerError: ${(error as Error).message}`;
      this.transition(job, job.status, job.failureReason ?? "Training job stopped");
    }
    job.endTime = Date.now();
    job.transitions.at(-1)!.EndTime = seconds(job.endTime);
  }

  private describe(job: TestJob): unknown {
    const definition = job.definition;
    const trainingSeconds =
      job.startTime !== undefined
        ? Math.ceil(((job.endTime ?? Date.now()) - job.startTime) / 1000)
        : undefined;
    return {
      ...definition,
      TrainingJobArn: job.arn,
      TrainingJobStatus: job.status,
      SecondaryStatus: job.secondary,
      ...(job.failureReason !== undefined ? { FailureReason: job.failureReason } : {}),
      ModelArtifacts: {
        S3ModelArtifacts: `${definition.OutputDataConfig.S3OutputPath}/${definition.TrainingJobName}/output/model.tar.gz`,
      },
      CreationTime: seconds(job.creationTime),
      LastModifiedTime: seconds(job.lastModified),
      ...(job.startTime !== undefined ? { TrainingStartTime: seconds(job.startTime) } : {}),
      ...(job.endTime !== undefined ? { TrainingEndTime: seconds(job.endTime) } : {}),
      ...(trainingSeconds !== undefined && job.endTime !== undefined
        ? {
            TrainingTimeInSeconds: trainingSeconds,
            BillableTimeInSeconds: trainingSeconds * definition.ResourceConfig.InstanceCount,
          }
        : {}),
      SecondaryStatusTransitions: job.transitions,
    };
  }

  private stopTrainingJob(job: TestJob): unknown {
    if (job.status !== "InProgress") {
      throw new ServiceError(
        "ValidationException",
        `The training job is not in progress: it is ${job.status}.`,
      );
    }
    job.status = "Stopping";
    this.transition(job, "Stopping", "Stopping the training job");
    job.controller.abort();
    return {};
  }

  private listTrainingJobs(input: Record<string, unknown>): unknown {
    const contains = typeof input.NameContains === "string" ? input.NameContains.toLowerCase() : "";
    const all = [...this.jobs.values()]
      .filter((job) => job.definition.TrainingJobName.toLowerCase().includes(contains))
      .sort((a, b) => b.creationTime - a.creationTime);
    const start = typeof input.NextToken === "string" ? Number(input.NextToken) : 0;
    const size = typeof input.MaxResults === "number" ? input.MaxResults : 10;
    const page = all.slice(start, start + size);
    return {
      TrainingJobSummaries: page.map((job) => ({
        TrainingJobName: job.definition.TrainingJobName,
        TrainingJobArn: job.arn,
        CreationTime: seconds(job.creationTime),
        LastModifiedTime: seconds(job.lastModified),
        TrainingJobStatus: job.status,
        SecondaryStatus: job.secondary,
        ...(job.endTime !== undefined ? { TrainingEndTime: seconds(job.endTime) } : {}),
      })),
      ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
    };
  }

  private logGroup(input: Record<string, unknown>): void {
    if (input.logGroupName !== trainingLogGroup || this.jobs.size === 0) {
      throw new ServiceError("ResourceNotFoundException", "The specified log group does not exist.");
    }
  }

  private streamName(job: TestJob): string {
    return `${job.definition.TrainingJobName}/algo-1-${Math.floor(job.creationTime / 1000)}`;
  }

  private describeLogStreams(input: Record<string, unknown>): unknown {
    this.logGroup(input);
    const prefix = String(input.logStreamNamePrefix ?? "");
    const streams = [...this.jobs.values()]
      .filter((job) => job.events.length > 0 && this.streamName(job).startsWith(prefix))
      .map((job) => ({
        logStreamName: this.streamName(job),
        creationTime: job.creationTime,
        firstEventTimestamp: job.events[0]!.timestamp,
        lastEventTimestamp: job.events.at(-1)!.timestamp,
        lastIngestionTime: job.events.at(-1)!.ingestionTime,
        arn: `arn:aws:logs:us-east-1:123456789012:log-group:${trainingLogGroup}:log-stream:${this.streamName(job)}`,
      }));
    return { logStreams: streams };
  }

  private getLogEvents(input: Record<string, unknown>): unknown {
    this.logGroup(input);
    const job = [...this.jobs.values()].find(
      (candidate) => this.streamName(candidate) === input.logStreamName,
    );
    if (!job) throw new ServiceError("ResourceNotFoundException", "The specified log stream does not exist.");
    const token = typeof input.nextToken === "string" ? input.nextToken : undefined;
    const from = token === undefined ? 0 : Number(token.slice(2));
    const limit = typeof input.limit === "number" ? input.limit : 50;
    const events = job.events.slice(from, from + limit);
    const next = from + events.length;
    return {
      events,
      nextForwardToken: `f/${String(next).padStart(20, "0")}`,
      nextBackwardToken: `b/${String(from).padStart(20, "0")}`,
    };
  }
}
