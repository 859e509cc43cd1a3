import { S3Client } from "@aws-sdk/client-s3";
import { startS3Server, type TestS3Server, testCredentials } from "./s3-server.js";
import { SageMakerTestEndpoint } from "./sagemaker-endpoint.js";

/** The S3 test server and the SageMaker test endpoint, with the environment pointing at them. */
export interface TestCloud {
  /** The S3 test server. */
  readonly s3Server: TestS3Server;
  /** A client of the S3 test server (for assertions). */
  readonly s3: S3Client;
  /** The SageMaker / CloudWatch Logs test endpoint. */
  readonly endpoint: SageMakerTestEndpoint;
  /** AWS variables of the SDK's default chain and endpoint overrides for both servers. */
  readonly env: Record<string, string>;
  /** Stops both. */
  close(): Promise<void>;
}

/**
 * Starts both servers on 127.0.0.1. The environment uses the SDK's standard variables only:
 * credentials (`AWS_ACCESS_KEY_ID`, …), `AWS_REGION`, and the per-service endpoint overrides
 * `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_SAGEMAKER`, `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`.
 */
export async function startTestCloud(throttleDescribe = 0): Promise<TestCloud> {
  const s3Server = await startS3Server();
  const s3 = new S3Client({
    region: "us-east-1",
    endpoint: s3Server.endpoint,
    forcePathStyle: true,
    credentials: testCredentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const endpoint = await SageMakerTestEndpoint.start({
    s3,
    accessKeyId: testCredentials.accessKeyId,
    throttleDescribe,
  });
  const env = {
    AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
    AWS_SESSION_TOKEN: testCredentials.sessionToken,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: s3Server.endpoint,
    AWS_ENDPOINT_URL_SAGEMAKER: endpoint.url,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  };
  return {
    s3Server,
    s3,
    endpoint,
    env,
    async close() {
      await endpoint.close();
      s3.destroy();
      await s3Server.close();
    },
  };
}
