import { basename, dirname, resolve } from "node:path";
import { InvalidParams } from "@iqf/core";
import { cloudSchema, formatIssue, type SageMakerTaskOptions, sageMakerSectionSchema } from "./options.js";

/** {@link SageMakerTaskOptions} validated, with defaults and absolute paths. */
export interface ResolvedSageMakerOptions {
  /** Entry point, relative to `sourceDir`. */
  readonly entryPoint: string;
  /** Absolute code folder. */
  readonly sourceDir: string;
  /** Training image URI, or the framework to resolve it from. */
  readonly image?: string;
  /** Framework of a Deep Learning Container image. */
  readonly framework?: {
    readonly name: "pytorch" | "tensorflow";
    readonly version: string;
    readonly py: string;
  };
  /** IAM role ARN (absent only in local mode). */
  readonly role?: string;
  /** Instance type (default `ml.m5.xlarge`). */
  readonly instanceType: string;
  /** Instances per job (default 1). */
  readonly instanceCount: number;
  /** EBS volume per instance, GB (default 30). */
  readonly volumeSizeGB: number;
  /** `StoppingCondition.MaxRuntimeInSeconds`: the smaller of `maxRuntimeSeconds` (default 86400) and `timeoutSeconds`. */
  readonly maxRuntimeSeconds: number;
  /** Managed spot training. */
  readonly spot: boolean;
  /** `MaxWaitTimeInSeconds` with spot. */
  readonly maxWaitSeconds?: number;
  /** The job's environment variables. */
  readonly environment: Readonly<Record<string, string>>;
  /** VPC subnets. */
  readonly subnets?: readonly string[];
  /** VPC security groups. */
  readonly securityGroupIds?: readonly string[];
  /** Run on this machine. */
  readonly local: boolean;
  /** Interpreter for `.py` entry points in local mode. */
  readonly python: string;
  /** First delay between status polls, ms (the delay grows to 60 s). */
  readonly pollMs: number;
  /** Longest wait for `Stopped` after Ctrl-C, ms. */
  readonly stopWaitMs: number;
  /** The S3 location (required unless local). */
  readonly cloud?: {
    readonly bucket: string;
    readonly prefix: string;
    readonly region?: string;
    readonly uploadConcurrency: number;
  };
}

/**
 * Validates {@link SageMakerTaskOptions}: problems are listed one per field, each prefixed
 * with `prefix` and `cloudPrefix` (e.g. `task.sagemaker` / `cloud` in an experiment file).
 * Relative paths start at `baseDir`.
 */
export function resolveSageMakerOptions(
  options: SageMakerTaskOptions,
  where: { readonly prefix: string; readonly cloudPrefix: string; readonly baseDir: string },
): ResolvedSageMakerOptions | string[] {
  const { cloud, timeoutSeconds, onUploadProgress: _progress, ...section } = options;
  const parsed = sageMakerSectionSchema.safeParse(section);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => formatIssue(issue, where.prefix));
  const parsedCloud = cloud === undefined ? undefined : cloudSchema.safeParse(cloud);
  if (parsedCloud && !parsedCloud.success) {
    problems.push(...parsedCloud.error.issues.map((issue) => formatIssue(issue, where.cloudPrefix)));
  }
  if (cloud === undefined && !section.local) {
    problems.push(
      `${where.cloudPrefix}: give the S3 bucket for datasets, code and outputs, e.g. { bucket: my-bucket, prefix: iqf }`,
    );
  }
  if (!parsed.success || problems.length > 0) return problems;
  const value = parsed.data;
  const entryPath = resolve(where.baseDir, value.sourceDir ?? ".", value.entryPoint);
  const sourceDir =
    value.sourceDir === undefined ? dirname(entryPath) : resolve(where.baseDir, value.sourceDir);
  const entryPoint = value.sourceDir === undefined ? basename(entryPath) : value.entryPoint;
  const maxRuntime = Math.min(value.maxRuntimeSeconds ?? 86_400, timeoutSeconds ?? Number.POSITIVE_INFINITY);
  const cloudValue = parsedCloud?.success ? parsedCloud.data : undefined;
  return {
    entryPoint,
    sourceDir,
    ...(value.image !== undefined ? { image: value.image } : {}),
    ...(value.framework !== undefined
      ? { framework: { name: value.framework, version: value.frameworkVersion!, py: value.pyVersion! } }
      : {}),
    ...(value.role !== undefined ? { role: value.role } : {}),
    instanceType: value.instanceType ?? "ml.m5.xlarge",
    instanceCount: value.instanceCount ?? 1,
    volumeSizeGB: value.volumeSizeGB ?? 30,
    maxRuntimeSeconds: Math.max(1, Math.ceil(maxRuntime)),
    spot: value.spot ?? false,
    ...(value.maxWaitSeconds !== undefined ? { maxWaitSeconds: value.maxWaitSeconds } : {}),
    environment: value.environment ?? {},
    ...(value.subnets !== undefined ? { subnets: value.subnets } : {}),
    ...(value.securityGroupIds !== undefined ? { securityGroupIds: value.securityGroupIds } : {}),
    local: value.local ?? false,
    python: value.python ?? "python3",
    pollMs: (value.pollSeconds ?? 10) * 1000,
    stopWaitMs: (value.stopWaitSeconds ?? 300) * 1000,
    ...(cloudValue
      ? {
          cloud: {
            bucket: cloudValue.bucket,
            prefix: cloudValue.prefix ?? "iqf",
            ...(cloudValue.region !== undefined ? { region: cloudValue.region } : {}),
            uploadConcurrency: cloudValue.uploadConcurrency ?? 8,
          },
        }
      : {}),
  };
}

/** {@link resolveSageMakerOptions} for the API: throws `InvalidParams` listing the problems. */
export function resolveOrThrow(options: SageMakerTaskOptions): ResolvedSageMakerOptions {
  const resolved = resolveSageMakerOptions(options, {
    prefix: "",
    cloudPrefix: "cloud",
    baseDir: process.cwd(),
  });
  if (Array.isArray(resolved)) {
    throw new InvalidParams("SageMakerTaskExecution", resolved);
  }
  return resolved;
}
