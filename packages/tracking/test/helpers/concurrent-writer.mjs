// Child process of file-store-concurrency.test.ts: races to create one experiment, then writes runs into it.
import { FileStore } from "@iqf/tracking";

const [root, experimentName, runsText, workerText] = process.argv.slice(2);
const store = new FileStore(root);
const experiment = await store.getOrCreateExperiment(experimentName);
for (let index = 0; index < Number(runsText); index++) {
  const { info } = await store.createRun({
    experimentId: experiment.experimentId,
    runName: `w${workerText}-r${index}`,
  });
  await store.logBatch(info.runId, {
    params: [
      { key: "worker", value: workerText },
      { key: "index", value: String(index) },
    ],
  });
  for (let step = 0; step < 10; step++) {
    await store.logMetric(info.runId, { key: "loss", value: 1 / (step + 1), timestamp: 1000 + step, step });
  }
  await store.setTag(info.runId, "writer", `worker-${workerText}`);
  await store.updateRun(info.runId, { status: "FINISHED", endTime: Date.now() });
}
process.stdout.write(experiment.experimentId);
