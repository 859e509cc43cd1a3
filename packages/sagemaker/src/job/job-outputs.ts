import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { extract } from "tar";
import { joinKey, type S3Location } from "../upload/s3-location.js";
import { downloadObject } from "../upload/s3-objects.js";

/** Where SageMaker puts a job's `output.tar.gz` (what the script wrote to `SM_OUTPUT_DATA_DIR`). */
export function outputArchiveLocation(outputPath: S3Location, jobName: string): S3Location {
  return { bucket: outputPath.bucket, key: joinKey(outputPath.key, jobName, "output", "output.tar.gz") };
}

/**
 * Downloads a job's `output.tar.gz` and unpacks it into `folder`. Entries that would land
 * outside the folder (absolute paths, `..`) are refused by the extractor. Resolves false when
 * the job left no archive.
 */
export async function collectJobOutput(s3: S3Client, archive: S3Location, folder: string): Promise<boolean> {
  const scratch = await mkdtemp(join(tmpdir(), "iqf-sm-output-"));
  try {
    const file = join(scratch, "output.tar.gz");
    if (!(await downloadObject(s3, archive.bucket, archive.key, file))) return false;
    await extract({ file, cwd: folder, preservePaths: false, strict: true, noChmod: true });
    return true;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
