import { useState } from 'preact/hooks';
import { useSession } from '../api/use-session.ts';
import type { AuditView } from './audit-types.ts';
import { AuditProblem, auditWrite } from './audit-write.tsx';

const count = new Intl.NumberFormat('en-US');

/** Methods that compare against cast vote records, and the one that samples batches. */
const CVR_METHODS = new Set(['supersimple', 'alpha-comparison']);
const BATCH_METHOD = 'macro';

/**
 * The election official's controls on an audit's page, for a signed-in state administrator:
 * upload the ballot manifest (and the CVRs or reported batch tallies a comparison audit needs),
 * enter the public seed, choose a size from the server's options (or type one) and draw the
 * round, measure the open round, and draw the next. Each control is one write to the existing
 * audit API, so one step on the ledger; refusals show the server's message and each problem
 * with its line (or JSON path), field and reason. Anyone else sees a sign-in link.
 */
export function AuditAdmin({
  view,
  onChanged,
  onMeasure,
}: {
  readonly view: AuditView;
  readonly onChanged: (view: AuditView) => void;
  /** Reads the audit again: the server measures it on every read. */
  readonly onMeasure: () => Promise<void>;
}) {
  const session = useSession();
  if (session === null) return null;
  if (!session.signedIn || session.role !== 'state-admin')
    return (
      <section class="audit-admin">
        <h2>Running the audit</h2>
        <p data-testid="audit-admin-sign-in">
          State administrators upload the manifest, enter the seed and draw rounds here after they{' '}
          <a href="/sign-in">sign in</a>
          {session.signedIn ? ` (you are signed in as ${session.name}, ${session.role})` : ''}.
        </p>
      </section>
    );
  return <AdminControls view={view} onChanged={onChanged} onMeasure={onMeasure} />;
}

function AdminControls({
  view,
  onChanged,
  onMeasure,
}: {
  readonly view: AuditView;
  readonly onChanged: (view: AuditView) => void;
  readonly onMeasure: () => Promise<void>;
}) {
  const { audit, manifest, rounds, measurement } = view;
  const base = `/api/audits/${encodeURIComponent(audit.id)}`;
  const drawn = rounds.length > 0;
  const needsCvrs = CVR_METHODS.has(audit.method);
  const needsTallies = audit.method === BATCH_METHOD;
  const importsDone =
    manifest !== null &&
    (!needsCvrs || view.cvrs > 0) &&
    (!needsTallies || (view.batchTallies ?? 0) > 0);
  const unit = needsTallies ? 'batches' : 'ballots';
  const last = rounds[rounds.length - 1];
  const pending = measurement?.pending ?? 0;
  return (
    <section class="audit-admin" aria-labelledby="audit-admin-title">
      <h2 id="audit-admin-title">Running the audit</h2>
      {manifest === null && (
        <FileStep
          title="Ballot manifest"
          help="A CSV with the columns county, tabulator (may be blank), batch, ballots."
          accept=".csv,text/csv"
          button="Upload manifest"
          testId="manifest"
          send={(file) => auditWrite(`${base}/manifest`, file, 'text/csv')}
          onDone={onChanged}
        />
      )}
      {manifest !== null && needsCvrs && view.cvrs === 0 && !drawn && (
        <FileStep
          title="Cast vote records"
          help="A NIST SP 1500-103 report (JSON) or the simple CSV of cast vote records."
          accept=".csv,.json,text/csv,application/json"
          button="Upload cast vote records"
          testId="cvrs"
          send={(file) =>
            auditWrite(
              `${base}/cvrs`,
              file,
              /\.json$/i.test(file.name) || file.type.includes('json')
                ? 'application/json'
                : 'text/csv',
            )
          }
          onDone={onChanged}
        />
      )}
      {manifest !== null && needsTallies && (view.batchTallies ?? 0) === 0 && !drawn && (
        <FileStep
          title="Reported batch tallies"
          help="A CSV with the columns county, tabulator, batch, contest, choice, votes."
          accept=".csv,text/csv"
          button="Upload batch tallies"
          testId="batch-tallies"
          send={(file) => auditWrite(`${base}/batch-tallies`, file, 'text/csv')}
          onDone={onChanged}
        />
      )}
      {audit.seed === null && (
        <SeedStep send={(seed) => auditWrite(`${base}/seed`, { seed })} onDone={onChanged} />
      )}
      {last !== undefined && pending > 0 && (
        <div class="audit-admin-step" data-testid="round-open">
          <h3>Round {last.round} is open</h3>
          <p>
            {count.format(last.entered)} of {count.format(last.ballots)} sampled {unit} entered;{' '}
            {count.format(pending)} still to enter. The round is measured once every sampled{' '}
            {needsTallies ? 'batch' : 'ballot'} has a record.
          </p>
          <MeasureButton round={last.round} onMeasure={onMeasure} />
        </div>
      )}
      {last !== undefined && pending === 0 && measurement !== null && (
        <div class="audit-admin-step" data-testid="round-measured">
          <h3>Round {last.round} measured</h3>
          <ul>
            {measurement.auditRisk !== undefined && (
              <li key="audit">
                The audit's risk (one test across all contests):{' '}
                {measurement.auditRisk.toPrecision(3)}
                {measurement.finished
                  ? `, at most the risk limit of ${String(audit.riskLimit)}%`
                  : `, above the risk limit of ${String(audit.riskLimit)}%`}
              </li>
            )}
            {measurement.contests.map((c) => (
              <li key={c.contestId}>
                {audit.contests.find((x) => x.contestId === c.contestId)?.name ?? c.contestId}
                {c.ownRisk === undefined ? (
                  <>
                    : risk {c.risk.toPrecision(3)}{' '}
                    {c.finished
                      ? `, at most the risk limit of ${String(audit.riskLimit)}%`
                      : `, above the risk limit of ${String(audit.riskLimit)}%`}
                  </>
                ) : (
                  `: own MACRO risk ${c.ownRisk.toPrecision(3)}`
                )}
              </li>
            ))}
          </ul>
          <p data-testid="audit-outcome">
            {measurement.finished
              ? 'The audit is finished: every contest met the risk limit.'
              : measurement.nextRound === null
                ? 'The audit is not finished.'
                : measurement.nextRound.fullHandCount
                  ? `The audit is not finished; the proposed next round reaches every ${needsTallies ? 'batch' : 'ballot'}: escalate to a full hand count.`
                  : `The audit is not finished; proposed next round: ${count.format(measurement.nextRound.options[measurement.nextRound.recommended]?.size ?? 0)} ${unit}.`}
          </p>
        </div>
      )}
      {last !== undefined && pending === 0 && measurement !== null && !measurement.finished && (
        <HandCountStep
          view={view}
          send={(body) => auditWrite(`${base}/hand-counts`, body)}
          onDone={onChanged}
        />
      )}
      {audit.seed !== null &&
        importsDone &&
        measurement !== null &&
        !measurement.finished &&
        pending === 0 &&
        measurement.nextRound !== null && (
          <DrawStep
            round={rounds.length + 1}
            unit={unit}
            nextRound={measurement.nextRound}
            send={(choice) => auditWrite(`${base}/rounds`, choice)}
            onDone={onChanged}
          />
        )}
    </section>
  );
}

function FileStep({
  title,
  help,
  accept,
  button,
  testId,
  send,
  onDone,
}: {
  readonly title: string;
  readonly help: string;
  readonly accept: string;
  readonly button: string;
  readonly testId: string;
  readonly send: (file: File) => Promise<AuditView>;
  readonly onDone: (view: AuditView) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <div class="audit-admin-step" data-testid={`${testId}-step`}>
      <h3>{title}</h3>
      <p>{help} The whole file is stored, or nothing.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file === null) return;
          setBusy(true);
          setError(null);
          send(file).then(
            (view) => {
              setBusy(false);
              onDone(view);
            },
            (failure: unknown) => {
              setBusy(false);
              setError(failure);
            },
          );
        }}
      >
        <fieldset disabled={busy}>
          <label>
            {title} file{' '}
            <input
              type="file"
              accept={accept}
              onChange={(e) => {
                setFile(e.currentTarget.files?.[0] ?? null);
                setError(null);
              }}
            />
          </label>{' '}
          <button type="submit" disabled={file === null}>
            {button}
          </button>
        </fieldset>
      </form>
      {error !== null && file !== null && <p>{file.name} was not accepted:</p>}
      <AuditProblem error={error} testId={`${testId}-problem`} />
    </div>
  );
}

function SeedStep({
  send,
  onDone,
}: {
  readonly send: (seed: string) => Promise<AuditView>;
  readonly onDone: (view: AuditView) => void;
}) {
  const [seed, setSeed] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <div class="audit-admin-step" data-testid="seed-step">
      <h3>Public random seed</h3>
      <p>
        At least 20 digits, rolled in public (e.g. twenty ten-sided dice). It is set once and every
        round is drawn from it.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          send(seed.replace(/\s+/g, '')).then(
            (view) => {
              setBusy(false);
              onDone(view);
            },
            (failure: unknown) => {
              setBusy(false);
              setError(failure);
            },
          );
        }}
      >
        <fieldset disabled={busy}>
          <label>
            Seed{' '}
            <input
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={seed}
              onInput={(e) => {
                setSeed(e.currentTarget.value);
              }}
            />
          </label>{' '}
          <button type="submit">Set seed</button>
        </fieldset>
      </form>
      <AuditProblem error={error} testId="seed-problem" />
    </div>
  );
}

type NextRound = NonNullable<NonNullable<AuditView['measurement']>['nextRound']>;

function DrawStep({
  round,
  unit,
  nextRound,
  send,
  onDone,
}: {
  readonly round: number;
  readonly unit: string;
  readonly nextRound: NextRound;
  readonly send: (choice: { option: string } | { sampleSize: number }) => Promise<AuditView>;
  readonly onDone: (view: AuditView) => void;
}) {
  const [choice, setChoice] = useState<string>(nextRound.recommended);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const draw = (): void => {
    setError(null);
    let body: { option: string } | { sampleSize: number };
    if (choice === 'typed') {
      if (!/^\d+$/.test(typed.trim())) {
        setError(new Error(`Type the number of ${unit} to draw.`));
        return;
      }
      body = { sampleSize: Number(typed.trim()) };
    } else body = { option: choice };
    setBusy(true);
    send(body).then(
      (view) => {
        setBusy(false);
        onDone(view);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  return (
    <div class="audit-admin-step" data-testid="draw-step">
      <h3>Draw round {round}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          draw();
        }}
      >
        <fieldset disabled={busy}>
          <legend>Sample size (computed by the server from the reported results)</legend>
          <ul class="audit-size-options" data-testid="draw-options">
            {Object.entries(nextRound.options).map(([key, option]) => (
              <li key={key}>
                <label>
                  <input
                    type="radio"
                    name="size"
                    value={key}
                    checked={choice === key}
                    onChange={() => {
                      setChoice(key);
                    }}
                  />{' '}
                  {optionName(key)}: {count.format(option.size)} {unit}
                  {option.prob === null
                    ? ''
                    : ` (chance of finishing ${String(Math.round(option.prob * 100))}%)`}
                  {key === nextRound.recommended ? ' — proposed' : ''}
                </label>
              </li>
            ))}
            <li>
              <label>
                <input
                  type="radio"
                  name="size"
                  value="typed"
                  checked={choice === 'typed'}
                  onChange={() => {
                    setChoice('typed');
                  }}
                />{' '}
                Another size
              </label>{' '}
              <input
                type="number"
                min="1"
                step="1"
                aria-label={`Number of ${unit} to draw`}
                value={typed}
                onInput={(e) => {
                  setTyped(e.currentTarget.value);
                  setChoice('typed');
                }}
              />
            </li>
          </ul>
          <button type="submit">Draw round {round}</button>
        </fieldset>
      </form>
      <AuditProblem error={error} testId="draw-problem" />
    </div>
  );
}

/**
 * A full hand count of a contest the sample has not confirmed (the escalation the audit ends
 * in when a round would reach every ballot): its votes per choice, recorded once.
 */
function HandCountStep({
  view,
  send,
  onDone,
}: {
  readonly view: AuditView;
  readonly send: (body: { contest: string; votes: Record<string, number> }) => Promise<AuditView>;
  readonly onDone: (view: AuditView) => void;
}) {
  const open = view.audit.contests.filter(
    (c) =>
      view.handCounts[c.contestId] === undefined &&
      view.measurement?.contests.find((m) => m.contestId === c.contestId)?.finished !== true,
  );
  const [contestId, setContestId] = useState(open[0]?.contestId ?? '');
  const [votes, setVotes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const contest = open.find((c) => c.contestId === contestId) ?? open[0];
  if (contest === undefined) return null;
  const record = (): void => {
    setError(null);
    const counted: Record<string, number> = {};
    for (const choice of contest.choices) {
      const text = (votes[choice.id] ?? '').trim();
      if (!/^\d+$/.test(text)) {
        setError(new Error(`Enter a whole number of votes for ${choice.name}.`));
        return;
      }
      counted[choice.id] = Number(text);
    }
    setBusy(true);
    send({ contest: contest.contestId, votes: counted }).then(
      (next) => {
        setBusy(false);
        setVotes({});
        onDone(next);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  return (
    <div class="audit-admin-step" data-testid="hand-count-step">
      <h3>Full hand count</h3>
      <p>
        Instead of another round, a contest can be counted in full by hand; the count settles it and
        is recorded once.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          record();
        }}
      >
        <fieldset disabled={busy}>
          {open.length > 1 && (
            <label>
              Contest{' '}
              <select
                value={contest.contestId}
                onChange={(e) => {
                  setContestId(e.currentTarget.value);
                  setVotes({});
                }}
              >
                {open.map((c) => (
                  <option key={c.contestId} value={c.contestId}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <fieldset class="audit-board-contest">
            <legend>{contest.name}: votes counted by hand</legend>
            {contest.choices.map((choice) => (
              <label key={choice.id}>
                {choice.name}{' '}
                <input
                  type="number"
                  min="0"
                  step="1"
                  inputMode="numeric"
                  value={votes[choice.id] ?? ''}
                  onInput={(e) => {
                    setVotes({ ...votes, [choice.id]: e.currentTarget.value });
                  }}
                />
              </label>
            ))}
          </fieldset>
          <button type="submit">Record hand count</button>
        </fieldset>
      </form>
      <AuditProblem error={error} testId="hand-count-problem" />
    </div>
  );
}

function MeasureButton({
  round,
  onMeasure,
}: {
  readonly round: number;
  readonly onMeasure: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          onMeasure().then(
            () => {
              setBusy(false);
            },
            (failure: unknown) => {
              setBusy(false);
              setError(failure);
            },
          );
        }}
      >
        Measure round {round}
      </button>
      <AuditProblem error={error} />
    </>
  );
}

/** A size option's key in words ('0.9': the size with a 90% chance of finishing the audit). */
function optionName(key: string): string {
  if (/^0\.\d+$/.test(key)) return `${String(Math.round(Number(key) * 100))}% quantile`;
  if (key === 'asn') return 'Average sample number';
  return key.charAt(0).toUpperCase() + key.slice(1);
}
