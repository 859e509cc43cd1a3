import { createReadStream } from "node:fs";
import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { folderManifest } from "./manifest.js";
import { joinKey, type S3Location } from "./s3-location.js";
import { objectExists } from "./s3-objects.js";
import { withSourceArchive } from "./source-archive.js";

/**
 * Uploads a code folder as `<prefix>/source/<hash16>/sourcedir.tar.gz` (the archive the
 * framework containers unpack, named by `sagemaker_submit_directory`), unless equal code is
 * already there. Resolves with the archive's location.
 */
export async function uploadSource(
  s3: S3Client,
  sourceDir: string,
  destination: S3Location,
): Promise<S3Location> {
  const manifest = await folderManifest(sourceDir);
  const location: S3Location = {
    bucket: destination.bucket,
    key: joinKey(destination.key, "source", manifest.hash.slice(0, 16), "sourcedir.tar.gz"),
  };
  if (await objectExists(s3, location.bucket, location.key)) return location;
  await withSourceArchive(sourceDir, manifest, async (archive) => {
    await new Upload({
      client: s3,
      params: { Bucket: location.bucket, Key: location.key, Body: createReadStream(archive) },
    }).done();
  });
  return location;
}
