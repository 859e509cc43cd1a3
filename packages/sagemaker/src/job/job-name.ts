import { createHash } from "node:crypto";

/** SageMaker's pattern for training job names. */
export const jobNamePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/**
 * The stem of a grid cell's job names: `iqf-<experiment slug>-<hash>`, where the hash covers
 * the experiment name, the S3 location and the cell id. Equal on every execution of the grid,
 * different for every cell; attempts append `-<n>` (at most 63 characters in all).
 */
export function jobNameStem(experimentName: string, scope: string, cellId: string): string {
  const slug = experimentName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24)
    .replace(/-+$/, "");
  const hash = createHash("sha256")
    .update(JSON.stringify([experimentName, scope, cellId]))
    .digest("hex")
    .slice(0, 14);
  return slug === "" ? `iqf-${hash}` : `iqf-${slug}-${hash}`;
}

/** Job name of one attempt of a cell (attempts count from 1). */
export function jobName(stem: string, attempt: number): string {
  return `${stem}-${attempt}`;
}

/** The attempt number of a job name with this stem, or undefined when it is not one of them. */
export function attemptOf(stem: string, name: string): number | undefined {
  const match = new RegExp(`^${stem}-(\\d+)$`).exec(name);
  return match ? Number(match[1]) : undefined;
}
