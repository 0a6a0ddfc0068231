import { useEffect, useState } from 'preact/hooks';
import { fetchDocument } from '../api/fetch-document.ts';
import { AuditAdmin } from './audit-admin.tsx';
import { AuditBoard } from './audit-board.tsx';
import { auditsPath } from './audit-route.ts';
import { estimatorText, METHOD_NAMES, type AuditStep, type AuditView } from './audit-types.ts';

const count = new Intl.NumberFormat('en-US');

/**
 * An audit as observers follow it: the reported results under audit, the risk measured per
 * contest, each round with its per-county retrieval lists, the next step, and every ledger
 * step with its inputs (what an observer recomputes from).
 */
export function AuditPage({ auditId }: { readonly auditId: string }) {
  const [view, setView] = useState<AuditView | null>(null);
  const [steps, setSteps] = useState<readonly AuditStep[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const base = `/api/audits/${encodeURIComponent(auditId)}`;
  // After an audit board records an entry: the new view, and the ledger with its new step.
  const recorded = (next: AuditView): void => {
    setView(next);
    fetchDocument<AuditStep[]>(`${base}/steps`).then(setSteps, () => undefined);
  };
  // The server measures the audit on every read: reading it again measures the open round.
  const measure = async (): Promise<void> => {
    recorded(await fetchDocument<AuditView>(base));
  };
  useEffect(() => {
    Promise.all([fetchDocument<AuditView>(base), fetchDocument<AuditStep[]>(`${base}/steps`)]).then(
      ([v, s]) => {
        setView(v);
        setSteps(s);
      },
      (error: unknown) => {
        setProblem(
          `Could not load the audit: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
  }, [base]);
  if (view === null)
    return (
      <main class="page">
        <p role="status">{problem ?? 'Loading…'}</p>
      </main>
    );
  const { audit, manifest, rounds, measurement } = view;
  const risks = new Map(measurement?.contests.map((c) => [c.contestId, c]) ?? []);
  return (
    <main class="page audit-page">
      <h1>{audit.name}</h1>
      <p>
        <a href={auditsPath(audit.electionId)}>All audits of this election</a>
      </p>
      <p>
        {METHOD_NAMES[audit.method] ?? audit.method}, risk limit {audit.riskLimit}%. Seed:{' '}
        <code data-testid="audit-seed">{audit.seed ?? 'not yet entered'}</code>. Manifest:{' '}
        {manifest === null
          ? 'not yet imported'
          : `${count.format(manifest.ballots)} ballots in ${count.format(manifest.batches)} batches`}
        .{view.cvrs > 0 && ` Cast vote records: ${count.format(view.cvrs)}.`}
        {(view.batchTallies ?? 0) > 0 &&
          ` Reported tallies of ${count.format(view.batchTallies ?? 0)} batches.`}
      </p>
      {audit.alpha != null && (
        <p data-testid="audit-estimator">
          Estimator: {estimatorText(audit.alpha.estimator)}.
          {Object.entries(audit.alpha.supermajority).map(([id, share]) => (
            <span key={id}>
              {' '}
              {audit.contests.find((c) => c.contestId === id)?.name ?? id} needs more than{' '}
              {share.numerator}/{share.denominator} of the valid votes (supermajority assorter).
            </span>
          ))}
        </p>
      )}
      {measurement?.auditRisk !== undefined && (
        <p data-testid="audit-risk">
          <strong>Audit's risk</strong> (one MACRO test across all its contests, which decides
          whether the audit is finished): {measurement.auditRisk.toPrecision(3)}
          {measurement.finished ? ' — met the risk limit' : ''}. Each contest below also shows its
          own MACRO risk on the same batches.
        </p>
      )}
      <p class="audit-next" data-testid="audit-next">
        <strong>Next:</strong> {view.next}
      </p>
      {audit.contests.map((contest) => {
        const risk = risks.get(contest.contestId);
        const hand = view.handCounts[contest.contestId];
        return (
          <section key={contest.contestId} class="audit-contest">
            <h2>{contest.name}</h2>
            {risk?.ownRisk === undefined ? (
              <p data-testid="contest-risk">
                Risk {risk === undefined ? '—' : risk.risk.toPrecision(3)}
                {risk?.finished === true ? ' — met the risk limit' : ''}
              </p>
            ) : (
              <p data-testid="contest-risk">
                Own MACRO risk {risk.ownRisk.toPrecision(3)} (for this contest alone, on the audit's
                batches); the audit's combined risk {risk.risk.toPrecision(3)} decides
                {risk.finished ? ' — met the risk limit' : ''}
              </p>
            )}
            {hand !== undefined && (
              <p data-testid="hand-count">
                Counted in full by hand:{' '}
                {hand.confirmsOutcome
                  ? 'the count confirms the reported winners.'
                  : 'the count changes the outcome; the hand count is the result.'}
              </p>
            )}
            <table>
              <thead>
                <tr>
                  <th scope="col">Choice</th>
                  <th scope="col">Reported votes</th>
                  <th scope="col">Sampled votes</th>
                  {hand !== undefined && <th scope="col">Hand count</th>}
                </tr>
              </thead>
              <tbody>
                {contest.choices.map((choice) => (
                  <tr key={choice.id}>
                    <td>{choice.name}</td>
                    <td class="num">{count.format(choice.votes)}</td>
                    <td class="num">{count.format(risk?.sampled[choice.id] ?? 0)}</td>
                    {hand !== undefined && (
                      <td class="num">{count.format(hand.votes[choice.id] ?? 0)}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
      {measurement?.nextRound != null && (
        <section>
          <h2>Next round sizes</h2>
          <ul data-testid="size-options">
            {Object.entries(measurement.nextRound.options).map(([key, option]) => (
              <li key={key}>
                {key}: {count.format(option.size)} ballots
                {option.prob === null
                  ? ''
                  : ` (chance of finishing ${Math.round(option.prob * 100)}%)`}
                {key === measurement.nextRound?.recommended ? ' — proposed' : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
      {rounds.length > 0 && (
        <section>
          <h2>Rounds</h2>
          <table data-testid="audit-rounds">
            <thead>
              <tr>
                <th scope="col">Round</th>
                <th scope="col">Draws</th>
                <th scope="col">{audit.method === 'macro' ? 'Batches' : 'Ballots'}</th>
                <th scope="col">Entered</th>
                <th scope="col">Retrieval lists</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.round}>
                  <td>{r.round}</td>
                  <td class="num">{count.format(r.draws)}</td>
                  <td class="num">{count.format(r.ballots)}</td>
                  <td class="num">{count.format(r.entered)}</td>
                  <td>
                    {r.counties.map((county) => {
                      const list = `/api/audits/${encodeURIComponent(audit.id)}/rounds/${r.round}/retrieval?county=${encodeURIComponent(county)}`;
                      return (
                        <span key={county} class="retrieval-links">
                          {county}: <a href={`${list}&format=html`}>printable</a>{' '}
                          <a href={`${list}&format=csv`}>CSV</a>{' '}
                        </span>
                      );
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <AuditAdmin view={view} onChanged={recorded} onMeasure={measure} />
      <AuditBoard view={view} onRecorded={recorded} />
      <section>
        <h2>Steps on the ledger</h2>
        <ol data-testid="audit-steps">
          {steps.map((s) => (
            <li key={s.sequence}>
              <strong>{s.payload.step ?? 'step'}</strong> by {s.actor} at {s.at}{' '}
              <details>
                <summary>
                  inputs (record {s.sequence}, hash {s.hash.slice(0, 12)}…)
                </summary>
                <pre>{JSON.stringify(s.payload, null, 2).slice(0, 4000)}</pre>
              </details>
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
