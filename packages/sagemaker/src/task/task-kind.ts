import { resolve } from "node:path";
import type { ProgressCallback } from "@iqf/core";
import { InvalidFile } from "@iqf/core";
import type { TaskKind } from "@iqf/experiments";
import type { CloudOptions, SageMakerSection } from "../config/options.js";
import { resolveSageMakerOptions } from "../config/resolve.js";
import { SageMakerTaskExecution } from "./sagemaker-task.js";

/** Options of {@link sageMakerTaskKind}. */
export interface SageMakerTaskKindOptions {
  /** Progress of dataset and code uploads (bytes), e.g. for a progress bar. */
  readonly onUploadProgress?: ProgressCallback;
}

/**
 * The `sagemaker` task kind of experiment files: `task: { sagemaker: { … } }` with the
 * top-level `cloud: { bucket, prefix, region }`. Fields are validated with errors naming them
 * (`task.sagemaker.role: expected an IAM role ARN …`); `sourceDir` (or the entry point without
 * it) is relative to the file. Pass it to `loadExperimentFile(path, { taskKinds: [...] })`;
 * the `iqf` CLI does.
 */
export function sageMakerTaskKind(options: SageMakerTaskKindOptions = {}): TaskKind {
  return {
    key: "sagemaker",
    fileKeys: ["cloud"],
    create(input) {
      const isObject = (value: unknown): value is Record<string, unknown> =>
        typeof value === "object" && value !== null && !Array.isArray(value);
      const cloud = input.fileSections.cloud;
      if (!isObject(input.section)) {
        throw new InvalidFile(
          input.file,
          "task.sagemaker: expected a mapping such as { entryPoint: train.py, … }",
        );
      }
      if (cloud !== undefined && !isObject(cloud)) {
        throw new InvalidFile(
          input.file,
          "cloud: expected a mapping such as { bucket: my-bucket, prefix: iqf }",
        );
      }
      const taskOptions = {
        ...(input.section as unknown as SageMakerSection),
        ...(cloud !== undefined ? { cloud: cloud as unknown as CloudOptions } : {}),
        ...(input.timeoutSeconds !== undefined ? { timeoutSeconds: input.timeoutSeconds } : {}),
      };
      const resolved = resolveSageMakerOptions(taskOptions, {
        prefix: "task.sagemaker",
        cloudPrefix: "cloud",
        baseDir: input.baseDir,
      });
      if (Array.isArray(resolved)) throw new InvalidFile(input.file, resolved.join("; "));
      return new SageMakerTaskExecution({
        ...taskOptions,
        sourceDir: resolve(resolved.sourceDir),
        entryPoint: resolved.entryPoint,
        ...(options.onUploadProgress ? { onUploadProgress: options.onUploadProgress } : {}),
      });
    },
  };
}
