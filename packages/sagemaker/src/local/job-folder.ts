import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Root of the training-container layout inside a real SageMaker container. */
export const containerRoot = "/opt/ml";

/** An `/opt/ml`-shaped folder on this machine. */
export interface JobFolder {
  /** The folder standing for `/opt/ml`. */
  readonly root: string;
  /** `input/config`: `hyperparameters.json`, `inputdataconfig.json`, `resourceconfig.json`. */
  readonly configDir: string;
  /** `input/data/<channel>` of each channel. */
  readonly channelDirs: Readonly<Record<string, string>>;
  /** `model`: what the script saves as the model (`SM_MODEL_DIR`). */
  readonly modelDir: string;
  /** `output`: `SM_OUTPUT_DIR`, holding `failure` when the script writes one. */
  readonly outputDir: string;
  /** `output/data`: `SM_OUTPUT_DATA_DIR`, archived as `output.tar.gz`. */
  readonly outputDataDir: string;
  /** `code`: where the source archive is unpacked. */
  readonly codeDir: string;
}

/** What a job folder is made for. */
export interface JobFolderSpec {
  /** Hyperparameters as SageMaker stores them (strings). */
  readonly hyperparameters: Readonly<Record<string, string>>;
  /** Channel names, e.g. `trainds`, `valds`, `testds`. */
  readonly channels: readonly string[];
  /** Instance type written into `resourceconfig.json`. */
  readonly instanceType: string;
}

/**
 * Creates the training-container layout under `root` (which must exist): config files as
 * SageMaker writes them, one empty folder per channel, `model/`, `output/data/` and `code/`.
 */
export async function createJobFolder(root: string, spec: JobFolderSpec): Promise<JobFolder> {
  const configDir = join(root, "input", "config");
  const channelDirs = Object.fromEntries(
    spec.channels.map((name) => [name, join(root, "input", "data", name)]),
  );
  const folder: JobFolder = {
    root,
    configDir,
    channelDirs,
    modelDir: join(root, "model"),
    outputDir: join(root, "output"),
    outputDataDir: join(root, "output", "data"),
    codeDir: join(root, "code"),
  };
  await Promise.all(
    [configDir, folder.modelDir, folder.outputDataDir, folder.codeDir, ...Object.values(channelDirs)].map(
      (dir) => mkdir(dir, { recursive: true }),
    ),
  );
  const inputDataConfig = Object.fromEntries(
    spec.channels.map((name) => [
      name,
      { TrainingInputMode: "File", S3DistributionType: "FullyReplicated", RecordWrapperType: "None" },
    ]),
  );
  const resourceConfig = {
    current_host: "algo-1",
    current_instance_type: spec.instanceType,
    current_group_name: "homogeneousCluster",
    hosts: ["algo-1"],
    network_interface_name: "eth0",
  };
  await Promise.all([
    writeFile(join(configDir, "hyperparameters.json"), JSON.stringify(spec.hyperparameters)),
    writeFile(join(configDir, "inputdataconfig.json"), JSON.stringify(inputDataConfig)),
    writeFile(join(configDir, "resourceconfig.json"), JSON.stringify(resourceConfig)),
  ]);
  return folder;
}

/** Maps a container path (`/opt/ml/…`) into the local folder; other values are returned as they are. */
export function localPath(folder: JobFolder, value: string): string {
  if (value === containerRoot || value.startsWith(`${containerRoot}/`)) {
    return join(folder.root, value.slice(containerRoot.length));
  }
  return value;
}
