import { createReadStream } from "node:fs";
import { join } from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { mapConcurrent, type ProgressCallback } from "@iqf/core";
import { type FolderManifest, folderManifest } from "./manifest.js";
import { joinKey, type S3Location } from "./s3-location.js";
import { existingObjects, objectExists } from "./s3-objects.js";

/** Files at least this large go up in parts. */
const multipartPartBytes = 8 * 1024 * 1024;

/** Name of the object written last under an uploaded folder's prefix: its manifest. */
export const manifestObjectName = "manifest.json";

/** Options of {@link uploadFolder}. */
export interface UploadFolderOptions {
  /** The S3 client. */
  readonly s3: S3Client;
  /** Local folder to upload. */
  readonly folder: string;
  /** Bucket and the prefix under which content-addressed folders are made. */
  readonly destination: S3Location;
  /** Readable name put before the content hash, e.g. the dataset's folder name (key-safe). */
  readonly name: string;
  /** Files uploaded at once (default 8). */
  readonly concurrency?: number;
  /** Called as bytes are uploaded (`done`/`total` in bytes, `item` the file). */
  readonly onProgress?: ProgressCallback;
  /** Aborting stops starting uploads and cancels those in flight. */
  readonly signal?: AbortSignal;
}

/** What {@link uploadFolder} did. */
export interface UploadedFolder {
  /** Location of the folder's files: `<prefix>/<name>-<hash16>/data/`. */
  readonly data: S3Location;
  /** The manifest of the local folder. */
  readonly manifest: FolderManifest;
  /** Files sent now. */
  readonly uploadedFiles: number;
  /** Files already on S3 (a finished or interrupted earlier upload). */
  readonly skippedFiles: number;
}

/**
 * Uploads a folder to S3 under a content-addressed prefix `<prefix>/<name>-<hash16>/`: the
 * files under `data/`, then `manifest.json` (sizes and SHA-256 of every file) as the mark of a
 * complete upload. An unchanged folder is never uploaded again (the manifest is found); an
 * interrupted upload resumes, sending only the files not yet on S3 (objects appear atomically,
 * and under a content-addressed prefix a key of the right size holds the right content).
 * Large files go up in parallel parts (`@aws-sdk/lib-storage`); at most `concurrency` files
 * at once.
 */
export async function uploadFolder(options: UploadFolderOptions): Promise<UploadedFolder> {
  const { s3, destination } = options;
  const manifest = await folderManifest(options.folder);
  const root = joinKey(destination.key, `${options.name}-${manifest.hash.slice(0, 16)}`);
  const data: S3Location = { bucket: destination.bucket, key: `${joinKey(root, "data")}/` };
  const manifestKey = joinKey(root, manifestObjectName);
  const total = manifest.bytes;
  if (await objectExists(s3, destination.bucket, manifestKey)) {
    options.onProgress?.({ done: total, total, label: "up to date" });
    return { data, manifest, uploadedFiles: 0, skippedFiles: manifest.files.length };
  }
  const present = await existingObjects(s3, destination.bucket, data.key);
  const missing = manifest.files.filter((file) => present.get(data.key + file.path) !== file.size);
  let done = total - missing.reduce((sum, file) => sum + file.size, 0);
  options.onProgress?.({ done, total, label: "uploading" });
  await mapConcurrent(
    missing,
    options.concurrency ?? 8,
    async (file) => {
      let sent = 0;
      const controller = new AbortController();
      const forward = (): void => controller.abort(options.signal?.reason);
      options.signal?.addEventListener("abort", forward, { once: true });
      const upload = new Upload({
        client: s3,
        params: {
          Bucket: destination.bucket,
          Key: data.key + file.path,
          Body:
            file.size === 0
              ? new Uint8Array()
              : createReadStream(join(options.folder, ...file.path.split("/"))),
          ContentLength: file.size,
          Metadata: { sha256: file.sha256 },
        },
        partSize: multipartPartBytes,
        queueSize: 4,
        leavePartsOnError: false,
        abortController: controller,
      });
      upload.on("httpUploadProgress", (progress) => {
        const loaded = Math.min(progress.loaded ?? 0, file.size);
        done += loaded - sent;
        sent = loaded;
        options.onProgress?.({ done, total, item: file.path, label: "uploading" });
      });
      try {
        await upload.done();
      } finally {
        options.signal?.removeEventListener("abort", forward);
      }
      done += file.size - sent;
      options.onProgress?.({ done, total, item: file.path, label: "uploading" });
    },
    options.signal,
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: destination.bucket,
      Key: manifestKey,
      Body: JSON.stringify({ hash: manifest.hash, files: manifest.files }),
      ContentType: "application/json",
    }),
  );
  return {
    data,
    manifest,
    uploadedFiles: missing.length,
    skippedFiles: manifest.files.length - missing.length,
  };
}
