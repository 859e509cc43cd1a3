import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** True when the object exists; false on 404; other errors are thrown. */
export async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if (httpStatus(error) === 404 || (error as Error).name === "NotFound") return false;
    throw error;
  }
}

/** Keys and sizes of every object under a prefix (all pages). */
export async function existingObjects(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined) sizes.set(object.Key, object.Size ?? -1);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return sizes;
}

/**
 * Downloads one object to a file (through a temporary sibling and a rename). Resolves false
 * when the object does not exist.
 */
export async function downloadObject(
  s3: S3Client,
  bucket: string,
  key: string,
  path: string,
): Promise<boolean> {
  let body: Readable;
  try {
    body = (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body as Readable;
  } catch (error) {
    if (httpStatus(error) === 404 || (error as Error).name === "NoSuchKey") return false;
    throw error;
  }
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.part`;
  try {
    await pipeline(body, createWriteStream(temporary));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return true;
}
