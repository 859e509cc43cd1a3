import type { KeyValue } from "../types.js";

/** MLflow's per-request limits of `runs/log-batch`. */
const batchLimits = { metrics: 1000, params: 100, tags: 100 } as const;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

/**
 * Splits a batch into `runs/log-batch` request bodies within MLflow's limits (1000 metrics,
 * 100 params, 100 tags, 1000 entries in total per request).
 * @param metrics - metrics, values already encoded for the wire.
 * @param params - params.
 * @param tags - tags.
 */
export function splitBatch<M>(
  metrics: readonly M[],
  params: readonly KeyValue[],
  tags: readonly KeyValue[],
): { metrics?: M[]; params?: KeyValue[]; tags?: KeyValue[] }[] {
  const requests: { metrics?: M[]; params?: KeyValue[]; tags?: KeyValue[] }[] = [];
  const paramChunks = chunks(params, batchLimits.params);
  const tagChunks = chunks(tags, batchLimits.tags);
  const firstRounds = Math.max(paramChunks.length, tagChunks.length);
  for (let index = 0; index < firstRounds; index++) {
    const request: { params?: KeyValue[]; tags?: KeyValue[] } = {};
    if (paramChunks[index]) request.params = paramChunks[index];
    if (tagChunks[index]) request.tags = tagChunks[index];
    requests.push(request);
  }
  for (const chunk of chunks(metrics, batchLimits.metrics)) requests.push({ metrics: chunk });
  return requests;
}
