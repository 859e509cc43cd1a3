/** Total bytes of constant operands kept for reuse (older ones are dropped first). */
const CACHE_LIMIT_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, Buffer>();
let cachedBytes = 0;

/**
 * A buffer of `length` bytes all equal to `value`, to serve as a constant image operand of a
 * libvips operation (e.g. a bit mask). Buffers are shared between concurrent pipelines and must
 * be treated as read-only; recently used sizes are kept (up to 64 MiB in all), so a dataset whose
 * images share a size allocates one.
 */
export function constantBytes(length: number, value: number): Buffer {
  const key = `${length}:${value}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const bytes = Buffer.alloc(length, value);
  if (length <= CACHE_LIMIT_BYTES) {
    cache.set(key, bytes);
    cachedBytes += length;
    for (const [oldKey, old] of cache) {
      if (cachedBytes <= CACHE_LIMIT_BYTES) break;
      cache.delete(oldKey);
      cachedBytes -= old.length;
    }
  }
  return bytes;
}
