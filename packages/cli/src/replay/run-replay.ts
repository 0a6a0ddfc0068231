import {
  importOpenElections,
  inferElectionMetaFromFileName,
  planNight,
  type ElectionDefinition,
  type ReplayOrder,
} from '@canvass/core';
import { readFinalFile, unitsToCsv, type FinalFile } from './read-final-file.ts';

/** Options for {@link runReplay}. */
export interface ReplayOptions {
  readonly file: string;
  readonly server: string;
  readonly token: string;
  readonly order: ReplayOrder;
  readonly seed: number;
  /** Simulated seconds per real second; Infinity sends as fast as the server takes them. */
  readonly speed: number;
  readonly electionId?: string | null;
  readonly log: (line: string) => void;
  /** Polls close at this local time on the night (for log lines), e.g. 19:00. */
  readonly pollsClose?: { readonly hour: number; readonly minute: number };
}

/** What a replay did. */
export interface ReplaySummary {
  readonly electionId: string;
  readonly batches: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly finalVersion: number | null;
}

/**
 * Replays a final precinct file as an election night against a running server: the definition
 * first (inferred from the file), then each county's cumulative batches at their simulated times.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplaySummary> {
  const file = await readFinalFile(options.file);
  const electionId =
    options.electionId ?? inferElectionMetaFromFileName(file.sourceName)?.id ?? null;
  if (electionId === null)
    throw new Error('cannot tell the election from the file name; pass --election ID');
  await ensureElection(options, file, electionId);
  const batches = planNight(file.units, { order: options.order, seed: options.seed });
  const started = Date.now();
  let accepted = 0;
  let duplicates = 0;
  let finalVersion: number | null = null;
  for (const batch of batches) {
    const due = started + (batch.at / options.speed) * 1000;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const county = batch.county === '' ? 'state' : batch.county;
    const response = await postWithRetry(
      `${options.server}/api/elections/${encodeURIComponent(electionId)}/submissions?filename=${encodeURIComponent(`${county}-${Math.round(batch.at)}.csv`)}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'text/csv' },
        body: unitsToCsv(file, batch.unitKeys),
      },
    );
    const body = (await response.json()) as {
      status?: string;
      version?: number;
      error?: { message: string; details?: unknown };
    };
    if (response.status === 201) {
      accepted++;
      finalVersion = body.version ?? finalVersion;
    } else if (body.status === 'duplicate') {
      duplicates++;
    } else {
      throw new Error(
        `${county} batch rejected (${response.status}): ${body.error?.message ?? ''} ${JSON.stringify(body.error?.details ?? '').slice(0, 500)}`,
      );
    }
    options.log(
      `${clock(batch.at, options.pollsClose ?? { hour: 19, minute: 0 })}  ${county.padEnd(12)} +${String(batch.added).padStart(3)} precincts ` +
        `(${batch.unitKeys.length} in)  -> version ${finalVersion ?? '?'}`,
    );
  }
  return { electionId, batches: batches.length, accepted, duplicates, finalVersion };
}

/** Defines the election on the server from the file (inferred) unless it already exists. */
export async function ensureElection(
  options: Pick<ReplayOptions, 'server' | 'token'>,
  file: FinalFile,
  electionId: string,
): Promise<void> {
  const existing = await fetch(`${options.server}/api/elections/${encodeURIComponent(electionId)}`);
  if (existing.status === 200) return;
  const definition = await inferDefinition(file, electionId);
  const response = await fetch(
    `${options.server}/api/elections/${encodeURIComponent(electionId)}/definition`,
    {
      method: 'PUT',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(definition),
    },
  );
  if (!response.ok)
    throw new Error(
      `the server refused the election definition (${response.status}): ${await response.text()}`,
    );
}

async function inferDefinition(file: FinalFile, electionId: string): Promise<ElectionDefinition> {
  const meta = inferElectionMetaFromFileName(file.sourceName);
  // eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk async source
  async function* text(): AsyncGenerator<string> {
    yield file.text;
  }
  const result = await importOpenElections(
    text(),
    {
      file: file.sourceName,
      definition: null,
      election: {
        id: electionId,
        name: meta?.name ?? electionId,
        date: meta?.date ?? '2000-01-01',
        state: meta?.state ?? null,
        type: meta?.type ?? 'other',
      },
      onDuplicate: 'error',
      onCountyTotal: 'error',
    },
    { counts: () => undefined, facts: () => undefined },
  );
  if (!result.ok)
    throw new Error(
      `${file.sourceName} does not import cleanly: ${result.errors[0]?.reason ?? ''}`,
    );
  return result.definition;
}

/** POSTs, waiting out 429 responses as the server's Retry-After asks (a county client would too). */
async function postWithRetry(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, init);
    if (response.status !== 429 || attempt >= 20) return response;
    await response.arrayBuffer();
    const wait = Number(response.headers.get('retry-after') ?? '1');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0.1, wait) * 1000));
  }
}

function clock(secondsAfterClose: number, close: { hour: number; minute: number }): string {
  const minutes = close.hour * 60 + close.minute + Math.floor(secondsAfterClose / 60);
  const hour = Math.floor(minutes / 60) % 24;
  return `${String(hour).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
