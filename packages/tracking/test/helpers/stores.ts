import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore, RestStore, type TrackingStore } from "@iqf/tracking";
import { type MlflowTestServer, startMlflowTestServer } from "./mlflow-test-server.js";

/** A store under test and how to dispose of it. */
export interface StoreUnderTest {
  store: TrackingStore;
  server?: MlflowTestServer;
  folder: string;
  dispose(): Promise<void>;
}

/** Makes a fresh temporary folder. */
export function temporaryFolder(prefix = "iqf-tracking-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A file store in a fresh temporary folder. */
export async function openFileStoreUnderTest(): Promise<StoreUnderTest> {
  const folder = await temporaryFolder();
  return {
    store: new FileStore(join(folder, "mlruns")),
    folder,
    dispose: () => rm(folder, { recursive: true, force: true }),
  };
}

/** A REST store talking to a fresh test server (pages capped at 7 runs to exercise page tokens). */
export async function openRestStoreUnderTest(): Promise<StoreUnderTest> {
  const folder = await temporaryFolder();
  const server = await startMlflowTestServer({ maxPageSize: 7 });
  return {
    store: new RestStore(server.url, { initialBackoffMs: 1, env: {} }),
    server,
    folder,
    dispose: async () => {
      await server.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
