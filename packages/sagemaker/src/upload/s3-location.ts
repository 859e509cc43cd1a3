/** A bucket and a key (or key prefix) on S3. */
export interface S3Location {
  /** Bucket name. */
  readonly bucket: string;
  /** Object key or prefix, without a leading `/`. */
  readonly key: string;
}

/** `s3://bucket/key` of a location. */
export function s3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** Parses `s3://bucket/key`; throws on anything else. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new Error(`not an S3 URI: ${uri}`);
  return { bucket: match[1]!, key: match[2]! };
}

/** Joins key parts with single `/` separators, dropping empty parts. */
export function joinKey(...parts: readonly string[]): string {
  return parts
    .map((part) => part.replace(/^\/+|\/+$/g, ""))
    .filter((part) => part !== "")
    .join("/");
}

/** A readable, key-safe form of a name: characters other than `A-Za-z0-9._-` become `-`. */
export function keySafe(name: string): string {
  return name.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "x";
}
