import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import account from "s3rver/lib/models/account.js";

/** Test credentials: unique strings, so that a grep of every artifact can prove they leaked nowhere. */
export const testCredentials = {
  accessKeyId: "AKIAIQFTESTKEY7X3Q9Z",
  secretAccessKey: "iqf-test-secret-Wq8zP4vLr2Nc6Hd0",
  sessionToken: "iqf-test-session-Jx5mT1bK9sYe3Ua7",
};

/** A running S3-compatible server (s3rver) on 127.0.0.1 with one bucket. */
export interface TestS3Server {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The bucket created at start. */
  readonly bucket: string;
  /** Keys written (PUT, copy or multipart completion), in order. */
  readonly writes: string[];
  /** Stops the server and removes its storage. */
  close(): Promise<void>;
}

/**
 * Starts s3rver on a free loopback port with the test credentials registered, so requests
 * signed by the real `@aws-sdk/client-s3` are verified (signature included).
 */
export async function startS3Server(bucket = "iqf-test-bucket"): Promise<TestS3Server> {
  account.DUMMY_ACCOUNT.createKeyPair(testCredentials.accessKeyId, testCredentials.secretAccessKey);
  const directory = await mkdtemp(join(tmpdir(), "iqf-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const writes: string[] = [];
  server.on("event", (event) => {
    for (const record of event.Records) {
      if (record.eventName.startsWith("ObjectCreated")) writes.push(record.s3.object.key);
    }
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    writes,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
