import { useEffect, useState } from 'preact/hooks';
import { ApiError, fetchDocument } from '../api/fetch-document.ts';
import { writeJson } from '../api/session.ts';
import { useSession } from '../api/use-session.ts';
import type {
  AuditedContest,
  AuditView,
  BallotInterpretation,
  RoundEntryRow,
} from './audit-types.ts';

/** Roles that may record audit entries (the server's `audit` permission). */
const AUDIT_ROLES = new Set(['auditor', 'state-admin']);

/**
 * Audit-board entry: a signed-in auditor picks a county of the open round and records, for each
 * ballot of its retrieval list, the marks the board reads (or that it could not be found); in a
 * batch-comparison audit, each sampled batch's hand tally. Every record is one write to the API
 * with the session's CSRF token, and one step on the ledger.
 */
export function AuditBoard({
  view,
  onRecorded,
}: {
  readonly view: AuditView;
  readonly onRecorded: (view: AuditView) => void;
}) {
  const session = useSession();
  const { audit, rounds, measurement } = view;
  const round = rounds[rounds.length - 1];
  const open = round !== undefined && (measurement?.pending ?? 0) > 0;
  const [county, setCounty] = useState<string>(round?.counties[0] ?? '');
  const [rows, setRows] = useState<readonly RoundEntryRow[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loads, setLoads] = useState(0);
  const roundNumber = round?.round ?? 0;
  const allowed = session !== null && session.signedIn && AUDIT_ROLES.has(session.role);
  // An auditor account given counties records only those; an administrator records any.
  const mine =
    session?.role === 'auditor' && session.counties.length > 0
      ? (round?.counties ?? []).filter((c) => session.counties.includes(c.toLowerCase()))
      : (round?.counties ?? []);
  const selected = mine.includes(county) ? county : (mine[0] ?? '');

  useEffect(() => {
    if (roundNumber === 0 || !allowed || selected === '') return;
    const path = `/api/audits/${encodeURIComponent(audit.id)}/rounds/${String(roundNumber)}/ballots?county=${encodeURIComponent(selected)}`;
    fetchDocument<RoundEntryRow[]>(path).then(setRows, (error: unknown) => {
      setProblem(`Could not load the ballots: ${messageOf(error)}`);
    });
  }, [audit.id, roundNumber, selected, allowed, loads]);

  if (session === null) return null;
  if (!allowed)
    return (
      <section class="audit-board">
        <h2>Audit board entry</h2>
        <p data-testid="board-sign-in">
          Audit boards record their readings here after they{' '}
          <a href="/sign-in">sign in as an auditor</a>
          {session.signedIn ? ` (you are signed in as ${session.name}, ${session.role})` : ''}.
        </p>
      </section>
    );
  if (round === undefined)
    return (
      <section class="audit-board">
        <h2>Audit board entry</h2>
        <p>No round has been drawn yet.</p>
      </section>
    );

  const record = async (body: unknown, kind: 'entries' | 'batch-entries'): Promise<void> => {
    setProblem(null);
    try {
      const next = await writeJson<AuditView>(
        'POST',
        `/api/audits/${encodeURIComponent(audit.id)}/${kind}`,
        body,
      );
      onRecorded(next);
      setLoads((n) => n + 1);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  const recorded = rows?.filter((r) => r.interpretation !== null || r.tally !== null).length ?? 0;
  const batches = audit.method === 'macro';

  return (
    <section class="audit-board" aria-labelledby="audit-board-title">
      <h2 id="audit-board-title">Audit board entry, round {roundNumber}</h2>
      <p>
        Signed in as {session.name}. Record what the board reads on each{' '}
        {batches ? 'batch (its hand tally)' : 'ballot'}; a later record of the same{' '}
        {batches ? 'batch' : 'ballot'} corrects the earlier one until the round is complete.
      </p>
      {!open && (
        <p data-testid="board-closed">
          Round {roundNumber} is complete and measured: its records are closed.
        </p>
      )}
      {mine.length === 0 && (
        <p data-testid="board-no-county">
          Round {roundNumber} drew no ballots in your counties ({session.counties.join(', ')}).
        </p>
      )}
      <label>
        County{' '}
        <select
          value={selected}
          onChange={(e) => {
            setRows(null);
            setCounty(e.currentTarget.value);
          }}
        >
          {mine.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {rows !== null && (
        <p role="status" data-testid="board-progress">
          {recorded} of {rows.length} recorded in {selected}
        </p>
      )}
      {problem !== null && (
        <p role="alert" class="audit-board-problem">
          {problem}
        </p>
      )}
      {rows !== null && (
        <ol class="audit-board-list" data-testid="board-ballots">
          {rows.map((row) =>
            batches ? (
              <BatchForm
                key={row.ballotKey}
                row={row}
                contests={audit.contests}
                closed={!open}
                onRecord={(votes) =>
                  record(
                    { entries: [{ batch: { batchKey: row.ballotKey }, votes }] },
                    'batch-entries',
                  )
                }
              />
            ) : (
              <BallotForm
                key={row.ballotKey}
                row={row}
                contests={audit.contests}
                closed={!open}
                onRecord={(interpretation) =>
                  record(
                    { entries: [{ ballot: { ballotKey: row.ballotKey }, interpretation }] },
                    'entries',
                  )
                }
              />
            ),
          )}
        </ol>
      )}
    </section>
  );
}

function where(row: RoundEntryRow): string {
  const tabulator = row.tabulator === null ? '' : `tabulator ${row.tabulator}, `;
  const place =
    row.position === 0
      ? `${tabulator}batch ${row.batch}`
      : `${tabulator}batch ${row.batch}, ballot ${String(row.position)}`;
  return row.timesDrawn > 1 ? `${place} (drawn ${String(row.timesDrawn)} times)` : place;
}

function BallotForm({
  row,
  contests,
  closed,
  onRecord,
}: {
  readonly row: RoundEntryRow;
  readonly contests: readonly AuditedContest[];
  readonly closed: boolean;
  readonly onRecord: (interpretation: BallotInterpretation) => Promise<void>;
}) {
  const [marks, setMarks] = useState<Record<string, readonly string[]>>(() =>
    row.interpretation?.kind === 'found' ? { ...row.interpretation.votes } : {},
  );
  const [busy, setBusy] = useState(false);
  const send = async (interpretation: BallotInterpretation): Promise<void> => {
    setBusy(true);
    try {
      await onRecord(interpretation);
    } finally {
      setBusy(false);
    }
  };
  const label = where(row);
  return (
    <li class="audit-board-ballot" data-ballot={label}>
      <fieldset disabled={busy || closed}>
        <legend>{label}</legend>
        {contests.map((contest) => (
          <fieldset key={contest.contestId} class="audit-board-contest">
            <legend>
              {contest.name}
              {contest.votesAllowed > 1 ? ` (vote for up to ${String(contest.votesAllowed)})` : ''}
            </legend>
            {contest.choices.map((choice) => {
              const chosen = (marks[contest.contestId] ?? []).includes(choice.id);
              return (
                <label key={choice.id}>
                  <input
                    type="checkbox"
                    checked={chosen}
                    onChange={() => {
                      const current = marks[contest.contestId] ?? [];
                      setMarks({
                        ...marks,
                        [contest.contestId]: chosen
                          ? current.filter((id) => id !== choice.id)
                          : [...current, choice.id],
                      });
                    }}
                  />{' '}
                  {choice.name}
                </label>
              );
            })}
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() => {
            const votes: Record<string, readonly string[]> = {};
            for (const c of contests) votes[c.contestId] = marks[c.contestId] ?? [];
            void send({ kind: 'found', votes });
          }}
        >
          Record reading
        </button>{' '}
        <button type="button" onClick={() => void send({ kind: 'not-found' })}>
          Not found
        </button>{' '}
        <span class="audit-board-recorded" data-testid="board-recorded">
          {describe(row.interpretation, contests)}
        </span>
      </fieldset>
    </li>
  );
}

function BatchForm({
  row,
  contests,
  closed,
  onRecord,
}: {
  readonly row: RoundEntryRow;
  readonly contests: readonly AuditedContest[];
  readonly closed: boolean;
  readonly onRecord: (votes: Record<string, Record<string, number>>) => Promise<void>;
}) {
  const [counts, setCounts] = useState<Record<string, Record<string, string>>>(() => {
    const out: Record<string, Record<string, string>> = {};
    for (const c of contests)
      out[c.contestId] = Object.fromEntries(
        c.choices.map((x) => [x.id, String(row.tally?.[c.contestId]?.[x.id] ?? '')]),
      );
    return out;
  });
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const label = where(row);
  return (
    <li class="audit-board-ballot" data-ballot={label}>
      <fieldset disabled={busy || closed}>
        <legend>{label}</legend>
        {contests.map((contest) => (
          <fieldset key={contest.contestId} class="audit-board-contest">
            <legend>{contest.name}: votes counted by hand</legend>
            {contest.choices.map((choice) => (
              <label key={choice.id}>
                {choice.name}{' '}
                <input
                  type="number"
                  min="0"
                  step="1"
                  inputMode="numeric"
                  value={counts[contest.contestId]?.[choice.id] ?? ''}
                  onInput={(e) => {
                    setCounts({
                      ...counts,
                      [contest.contestId]: {
                        ...counts[contest.contestId],
                        [choice.id]: e.currentTarget.value,
                      },
                    });
                  }}
                />
              </label>
            ))}
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() => {
            const votes: Record<string, Record<string, number>> = {};
            for (const c of contests) {
              const t: Record<string, number> = {};
              for (const x of c.choices) {
                const text = (counts[c.contestId]?.[x.id] ?? '').trim();
                if (!/^\d+$/.test(text)) {
                  setInvalid(`Enter a whole number of votes for ${x.name}.`);
                  return;
                }
                t[x.id] = Number(text);
              }
              votes[c.contestId] = t;
            }
            setInvalid(null);
            setBusy(true);
            void onRecord(votes).finally(() => {
              setBusy(false);
            });
          }}
        >
          Record tally
        </button>{' '}
        {invalid !== null && <span role="alert">{invalid}</span>}
        <span class="audit-board-recorded" data-testid="board-recorded">
          {row.tally === null ? 'Not yet recorded' : 'Recorded'}
        </span>
      </fieldset>
    </li>
  );
}

function describe(it: BallotInterpretation | null, contests: readonly AuditedContest[]): string {
  if (it === null) return 'Not yet recorded';
  if (it.kind === 'not-found') return 'Recorded: not found';
  const parts = contests.map((c) => {
    const marked = it.votes[c.contestId] ?? [];
    const names = marked.map((id) => c.choices.find((x) => x.id === id)?.name ?? id);
    return `${c.name}: ${names.length === 0 ? 'no vote' : names.join(', ')}${marked.length > c.votesAllowed ? ' (overvote)' : ''}`;
  });
  return `Recorded: ${parts.join('; ')}`;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
