/** A serialised response body, computed once per election version and reused for every reader. */
export interface CachedDocument {
  readonly body: Buffer;
  readonly etag: string;
  readonly version: number;
}

/**
 * Serialises a value as a cached JSON document whose ETag names the election's definition and
 * version, so readers and caches revalidate with a cheap 304.
 */
export function cachedJson(
  value: unknown,
  definitionHash: string,
  version: number,
): CachedDocument {
  return {
    body: Buffer.from(JSON.stringify(value)),
    etag: `"${definitionHash.slice(0, 16)}-${version}"`,
    version,
  };
}
