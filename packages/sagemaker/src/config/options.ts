import { formatJsonPath, type ProgressCallback } from "@iqf/core";
import { z } from "zod";

const roleArn = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const bucketName = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Schema of the `cloud` section / option: where modified datasets and code are uploaded. */
export const cloudSchema = z.strictObject({
  bucket: z
    .string()
    .regex(bucketName, "expected an S3 bucket name (3–63 lower-case letters, digits, dots, hyphens)"),
  prefix: z
    .string()
    .regex(/^[\w!\-.*'()/]*$/, "use letters, digits and !-_.*'()/ only")
    .transform((prefix) => prefix.replace(/^\/+|\/+$/g, ""))
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region such as eu-west-1")
    .optional(),
  uploadConcurrency: z.number().int().min(1, "must be at least 1").max(64, "at most 64").optional(),
});

/** Where modified datasets, code and job outputs go on S3 (`cloud:` in an experiment file). */
export interface CloudOptions {
  /** S3 bucket (it must exist). */
  readonly bucket: string;
  /** Key prefix of everything iqf writes (default `iqf`). */
  readonly prefix?: string;
  /** AWS region of the bucket and the jobs; the SDK's configuration when absent. */
  readonly region?: string;
  /** Files uploaded at once (default 8). */
  readonly uploadConcurrency?: number;
}

/** Schema of `task.sagemaker` (the serialisable part of {@link SageMakerTaskOptions}). */
export const sageMakerSectionSchema = z
  .strictObject({
    entryPoint: z.string().min(1, "give the script or executable to run, e.g. train.py"),
    sourceDir: z.string().min(1, "give the folder holding the entry point").optional(),
    image: z.string().min(1).optional(),
    framework: z.enum(["pytorch", "tensorflow"]).optional(),
    frameworkVersion: z
      .string()
      .regex(/^\d+\.\d+(\.\d+)?$/, "expected a version such as 2.3")
      .optional(),
    pyVersion: z
      .string()
      .regex(/^py3\d+$/, "expected a Python tag such as py311")
      .optional(),
    role: z
      .string()
      .regex(roleArn, "expected an IAM role ARN, e.g. arn:aws:iam::123456789012:role/SageMakerRole")
      .optional(),
    instanceType: z
      .string()
      .regex(/^ml\.[a-z0-9-]+\.[a-z0-9]+$/, "expected a SageMaker instance type such as ml.g4dn.xlarge")
      .optional(),
    instanceCount: z.number().int().min(1, "must be at least 1").optional(),
    volumeSizeGB: z.number().int().min(1, "must be at least 1").optional(),
    maxRuntimeSeconds: z.number().int().min(1, "must be at least 1").optional(),
    spot: z.boolean().optional(),
    maxWaitSeconds: z.number().int().min(1, "must be at least 1").optional(),
    environment: z.record(z.string(), z.string()).optional(),
    subnets: z.array(z.string().min(1)).optional(),
    securityGroupIds: z.array(z.string().min(1)).optional(),
    local: z.boolean().optional(),
    python: z.string().min(1).optional(),
    pollSeconds: z.number().positive().optional(),
    stopWaitSeconds: z.number().positive().optional(),
  })
  .superRefine((value, context) => {
    const problem = (path: string, message: string): void => {
      context.addIssue({ code: "custom", path: [path], message });
    };
    if (value.image !== undefined && value.framework !== undefined) {
      problem("image", "give image or framework, not both");
    }
    if (value.local) return;
    if (value.role === undefined) {
      problem(
        "role",
        "expected an IAM role ARN that SageMaker assumes, e.g. arn:aws:iam::123456789012:role/SageMakerRole",
      );
    }
    if (value.image === undefined && value.framework === undefined) {
      problem("image", "give the training image URI, or framework + frameworkVersion + pyVersion");
    }
    if (value.framework !== undefined) {
      if (value.frameworkVersion === undefined)
        problem("frameworkVersion", `give the ${value.framework} version, e.g. 2.3`);
      if (value.pyVersion === undefined) problem("pyVersion", "give the Python tag, e.g. py311");
    }
    if (value.maxWaitSeconds !== undefined && !value.spot)
      problem("maxWaitSeconds", "only applies with spot: true");
  });

/** The `task.sagemaker` section of an experiment file, as written. */
export interface SageMakerSection {
  /** Script or executable to run, relative to `sourceDir` (e.g. `train.py`). */
  readonly entryPoint: string;
  /** Code folder, uploaded as `sourcedir.tar.gz`; the entry point's folder by default. */
  readonly sourceDir?: string;
  /** Training image URI (or give `framework`). */
  readonly image?: string;
  /** Framework of an AWS Deep Learning Container image, instead of `image`. */
  readonly framework?: "pytorch" | "tensorflow";
  /** Framework version, e.g. `2.3`. */
  readonly frameworkVersion?: string;
  /** Python tag, e.g. `py311`. */
  readonly pyVersion?: string;
  /** IAM role ARN SageMaker assumes (required unless `local`). */
  readonly role?: string;
  /** Instance type (default `ml.m5.xlarge`). */
  readonly instanceType?: string;
  /** Instances per job (default 1). */
  readonly instanceCount?: number;
  /** EBS volume per instance in GB (default 30). */
  readonly volumeSizeGB?: number;
  /** `StoppingCondition.MaxRuntimeInSeconds` (default 86400). */
  readonly maxRuntimeSeconds?: number;
  /** Managed spot training. */
  readonly spot?: boolean;
  /** `MaxWaitTimeInSeconds` with `spot` (at least the runtime limit). */
  readonly maxWaitSeconds?: number;
  /** The job's environment variables. */
  readonly environment?: Readonly<Record<string, string>>;
  /** VPC subnets. */
  readonly subnets?: readonly string[];
  /** VPC security groups. */
  readonly securityGroupIds?: readonly string[];
  /** Run on this machine with the same contract, without AWS or Docker. */
  readonly local?: boolean;
  /** Interpreter of `.py` entry points in local mode (default `python3`). */
  readonly python?: string;
  /** First delay between status polls in seconds (default 10; grows to 60). */
  readonly pollSeconds?: number;
  /** Longest wait for `Stopped` after Ctrl-C in seconds (default 300). */
  readonly stopWaitSeconds?: number;
}

/** Options of `SageMakerTaskExecution`. */
export interface SageMakerTaskOptions extends SageMakerSection {
  /** Where datasets, code and outputs go on S3; required unless `local`. */
  readonly cloud?: CloudOptions;
  /** A run still going after this many seconds is stopped (`StoppingCondition`, with `maxRuntimeSeconds`). */
  readonly timeoutSeconds?: number;
  /** Progress of dataset and code uploads (bytes). */
  readonly onUploadProgress?: ProgressCallback;
}

/** A zod issue as `field: message`, the field prefixed with `prefix` (e.g. `task.sagemaker`). */
export function formatIssue(issue: z.core.$ZodIssue, prefix: string): string {
  const field = formatJsonPath([...(prefix === "" ? [] : prefix.split(".")), ...issue.path]);
  if (issue.code === "unrecognized_keys") {
    return `${field}: unknown key ${issue.keys.map((key) => `"${key}"`).join(", ")}; check the spelling`;
  }
  return `${field}: ${issue.message}`;
}
