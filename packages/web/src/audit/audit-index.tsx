import { useEffect, useState } from 'preact/hooks';
import { fetchDocument, paths } from '../api/fetch-document.ts';
import type { ElectionDetail } from '../api/types.ts';
import { useSession } from '../api/use-session.ts';
import { METHOD_NAMES } from './audit-types.ts';
import { AuditProblem, auditWrite } from './audit-write.tsx';

/** One audit in `GET /api/elections/:id/audits`. */
interface AuditSummary {
  readonly id: string;
  readonly name: string;
  readonly method: string;
  readonly riskLimit: number;
  readonly contests: readonly { readonly contestId: string; readonly name: string }[];
  readonly createdBy: string;
  readonly createdAt: string;
}

/**
 * An election's risk-limiting audits: the list, open to anyone, and for a signed-in state
 * administrator a form that creates one (contests, risk limit, method); the new audit opens on
 * its own page, where the rest of the set-up is done.
 */
export function AuditIndexPage({ electionId }: { readonly electionId: string }) {
  const session = useSession();
  const [election, setElection] = useState<ElectionDetail | null>(null);
  const [audits, setAudits] = useState<readonly AuditSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([
      fetchDocument<ElectionDetail>(paths.election(electionId)),
      fetchDocument<AuditSummary[]>(`${paths.election(electionId)}/audits`),
    ]).then(
      ([e, a]) => {
        setElection(e);
        setAudits(a);
      },
      (error: unknown) => {
        setProblem(
          `Could not load the election: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
  }, [electionId]);
  if (election === null || audits === null)
    return (
      <main class="page audit-index">
        <p role="status">{problem ?? 'Loading…'}</p>
      </main>
    );
  const admin = session?.signedIn === true && session.role === 'state-admin';
  return (
    <main class="page audit-index">
      <h1>Audits of {election.definition.name}</h1>
      <p>
        <a href={`/elections/${encodeURIComponent(electionId)}`}>Results</a>
      </p>
      {audits.length === 0 ? (
        <p data-testid="no-audits">No audit of this election yet.</p>
      ) : (
        <ul data-testid="audit-list">
          {audits.map((a) => (
            <li key={a.id}>
              <a href={`/audits/${encodeURIComponent(a.id)}`}>{a.name}</a>:{' '}
              {METHOD_NAMES[a.method] ?? a.method}, risk limit {a.riskLimit}%,{' '}
              {a.contests.map((c) => c.name).join(', ')}; created by {a.createdBy}
            </li>
          ))}
        </ul>
      )}
      {session === null ? null : admin ? (
        <CreateAudit election={election} />
      ) : (
        <p data-testid="audit-admin-sign-in">
          State administrators create audits here after they <a href="/sign-in">sign in</a>
          {session.signedIn ? ` (you are signed in as ${session.name}, ${session.role})` : ''}.
        </p>
      )}
    </main>
  );
}

function CreateAudit({ election }: { readonly election: ElectionDetail }) {
  const contests = election.definition.contests.filter((c) => c.choices.length > c.seats);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [riskLimit, setRiskLimit] = useState('5');
  const [method, setMethod] = useState('bravo');
  // ALPHA only: the estimator, its settings and the contests' required shares ("2/3").
  const [estimator, setEstimator] = useState('default');
  const [eta, setEta] = useState('');
  const [d, setD] = useState('100');
  const [eta0, setEta0] = useState('');
  const [p2, setP2] = useState('0.00001');
  const [shares, setShares] = useState<Readonly<Record<string, string>>>({});
  const isAlpha = method === 'alpha-polling' || method === 'alpha-comparison';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const alphaFields = (): Record<string, unknown> => {
    const supermajority = Object.fromEntries(
      chosen.filter((id) => (shares[id] ?? '').trim() !== '').map((id) => [id, shares[id]]),
    );
    const chosenEstimator =
      estimator === 'fixed'
        ? { kind: 'fixed', eta: Number(eta) }
        : estimator === 'shrink-trunc'
          ? {
              kind: 'shrink-trunc',
              d: Number(d),
              eta0: eta0.trim() === '' ? 'reported' : Number(eta0),
            }
          : estimator === 'optimal-comparison'
            ? { kind: 'optimal-comparison', p2: Number(p2) }
            : null;
    return {
      ...(chosenEstimator === null ? {} : { estimator: chosenEstimator }),
      ...(Object.keys(supermajority).length === 0 ? {} : { supermajority }),
    };
  };
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const view = await auditWrite(
        `${paths.election(election.definition.id)}/audits`,
        // The server checks every value (a whole percent from 1 to 20, known contests, the
        // estimator's settings and each share).
        {
          name: name.trim(),
          riskLimit: Number(riskLimit),
          method,
          contests: chosen,
          ...(isAlpha ? alphaFields() : {}),
        },
      );
      window.location.assign(`/audits/${encodeURIComponent(view.audit.id)}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <section class="audit-create" aria-labelledby="audit-create-title">
      <h2 id="audit-create-title">Create an audit</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset disabled={busy}>
          <p>
            <label>
              Audit name{' '}
              <input
                type="text"
                required
                value={name}
                onInput={(e) => {
                  setName(e.currentTarget.value);
                }}
              />
            </label>
          </p>
          <fieldset>
            <legend>Contests to audit</legend>
            {contests.map((c) => (
              <label key={c.id} class="audit-create-contest">
                <input
                  type="checkbox"
                  checked={chosen.includes(c.id)}
                  onChange={() => {
                    setChosen(
                      chosen.includes(c.id)
                        ? chosen.filter((id) => id !== c.id)
                        : [...chosen, c.id],
                    );
                  }}
                />{' '}
                {c.name}
              </label>
            ))}
          </fieldset>
          <p>
            <label>
              Risk limit (%){' '}
              <input
                type="number"
                min="1"
                max="20"
                step="1"
                value={riskLimit}
                onInput={(e) => {
                  setRiskLimit(e.currentTarget.value);
                }}
              />
            </label>
          </p>
          <p>
            <label>
              Method{' '}
              <select
                value={method}
                onChange={(e) => {
                  setMethod(e.currentTarget.value);
                  setEstimator('default');
                }}
              >
                {Object.entries(METHOD_NAMES).map(([key, label]) => (
                  <option key={key} value={key}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          </p>
          {isAlpha && (
            <fieldset data-testid="alpha-settings">
              <legend>ALPHA settings</legend>
              <p>
                <label>
                  Estimator{' '}
                  <select
                    value={estimator}
                    onChange={(e) => {
                      setEstimator(e.currentTarget.value);
                    }}
                  >
                    <option value="default">
                      Default (
                      {method === 'alpha-polling'
                        ? 'shrink-trunc, d 100, prior the reported mean'
                        : 'optimal comparison, p2 0.00001'}
                      )
                    </option>
                    <option value="fixed">Fixed η</option>
                    <option value="shrink-trunc">Shrink-trunc</option>
                    {method === 'alpha-comparison' && (
                      <option value="optimal-comparison">Optimal comparison</option>
                    )}
                  </select>
                </label>
              </p>
              {estimator === 'fixed' && (
                <p>
                  <label>
                    η (more than 0.5, below the assorter's bound){' '}
                    <input
                      type="text"
                      inputMode="decimal"
                      value={eta}
                      onInput={(e) => {
                        setEta(e.currentTarget.value);
                      }}
                    />
                  </label>
                </p>
              )}
              {estimator === 'shrink-trunc' && (
                <p>
                  <label>
                    d (weight of the prior, draws){' '}
                    <input
                      type="number"
                      min="1"
                      step="1"
                      value={d}
                      onInput={(e) => {
                        setD(e.currentTarget.value);
                      }}
                    />
                  </label>{' '}
                  <label>
                    Prior η0 (blank: the reported assorter mean){' '}
                    <input
                      type="text"
                      inputMode="decimal"
                      value={eta0}
                      onInput={(e) => {
                        setEta0(e.currentTarget.value);
                      }}
                    />
                  </label>
                </p>
              )}
              {estimator === 'optimal-comparison' && (
                <p>
                  <label>
                    p2 (rate of 2-vote overstatements){' '}
                    <input
                      type="text"
                      inputMode="decimal"
                      value={p2}
                      onInput={(e) => {
                        setP2(e.currentTarget.value);
                      }}
                    />
                  </label>
                </p>
              )}
              {chosen.map((id) => (
                <p key={id}>
                  <label>
                    {contests.find((c) => c.id === id)?.name ?? id}: required share of valid votes
                    (blank: plurality; e.g. 2/3){' '}
                    <input
                      type="text"
                      value={shares[id] ?? ''}
                      onInput={(e) => {
                        setShares({ ...shares, [id]: e.currentTarget.value });
                      }}
                    />
                  </label>
                </p>
              ))}
            </fieldset>
          )}
          <button type="submit">Create audit</button>
        </fieldset>
      </form>
      <AuditProblem error={error} testId="audit-create-problem" />
    </section>
  );
}
