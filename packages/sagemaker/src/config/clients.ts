import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";

/** The three AWS SDK clients a SageMaker execution uses. */
export interface AwsClients {
  /** S3: dataset, code and output transfers. */
  readonly s3: S3Client;
  /** SageMaker: training jobs. */
  readonly sageMaker: SageMakerClient;
  /** CloudWatch Logs: the jobs' log streams. */
  readonly logs: CloudWatchLogsClient;
}

/**
 * Creates the SDK clients. Credentials come from the SDK's default chain (environment,
 * shared config and profiles, SSO, instance roles); the region from `region`, else the SDK's
 * configuration (`AWS_REGION`, profile). Endpoints follow the SDK's standard overrides
 * (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_SAGEMAKER`, `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`).
 *
 * S3 uses path-style addressing when its endpoint is overridden (S3-compatible servers), and
 * computes request checksums only where an operation requires them, since several
 * S3-compatible servers reject the streaming checksums recent SDKs send by default. Throttling
 * and 5xx answers are retried by the SDK's standard retry strategy (up to 8 attempts with backoff and jitter).
 */
export function createAwsClients(region?: string): AwsClients {
  const common = { ...(region !== undefined ? { region } : {}), maxAttempts: 8, retryMode: "standard" };
  return {
    s3: new S3Client({
      ...common,
      forcePathStyle:
        process.env.AWS_ENDPOINT_URL_S3 !== undefined || process.env.AWS_ENDPOINT_URL !== undefined,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    }),
    sageMaker: new SageMakerClient(common),
    logs: new CloudWatchLogsClient(common),
  };
}
