/** A failed API request. */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Fetches a JSON document, always revalidating with the server. The documents carry ETags and
 * `max-age=2`: plain fetches inside those two seconds would reuse a copy older than the event
 * that asked for it, so `no-cache` makes the browser ask (If-None-Match) and take a cheap 304.
 * @example const results = await fetchDocument<ResultsEnvelope>('/api/elections/x/results');
 */
export async function fetchDocument<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, {
    cache: 'no-cache',
    headers: { accept: 'application/json' },
    ...(signal === undefined ? {} : { signal }),
  });
  if (!response.ok) throw new ApiError(response.status, `${url} answered ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Fetches a versioned document until it is at least `minVersion`: a cache between us and the
 * server may still hold the previous version for a moment after the event arrives.
 */
export async function fetchVersion<T extends { readonly version: number }>(
  url: string,
  minVersion: number,
  signal?: AbortSignal,
): Promise<T> {
  let document = await fetchDocument<T>(url, signal);
  for (let attempt = 1; document.version < minVersion && attempt <= 4; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 400 * attempt));
    document = await fetchDocument<T>(
      `${url}${url.includes('?') ? '&' : '?'}v=${minVersion}`,
      signal,
    );
  }
  return document;
}

/** The API paths the page reads. */
export const paths = {
  elections: (): string => '/api/elections',
  election: (id: string): string => `/api/elections/${encodeURIComponent(id)}`,
  results: (id: string): string => `/api/elections/${encodeURIComponent(id)}/results`,
  contest: (id: string, contestId: string): string =>
    `/api/elections/${encodeURIComponent(id)}/contests/${encodeURIComponent(contestId)}`,
  county: (id: string, contestId: string, countyId: string): string =>
    `/api/elections/${encodeURIComponent(id)}/contests/${encodeURIComponent(contestId)}/counties/${encodeURIComponent(countyId)}`,
  events: (id: string): string => `/api/elections/${encodeURIComponent(id)}/events`,
};
