import type { ContestProjectionView } from '../api/projection-types.ts';
import './projection-panel.css';

/** Props of {@link ProjectionPanel}. */
export interface ProjectionPanelProps {
  readonly projection: ContestProjectionView;
  /** The contest's choices, to name the party the call is for. */
  readonly choices: readonly { readonly name: string; readonly party: string | null }[];
}

const WIDTH = 600;
const HEIGHT = 64;
const PAD = 24;

/**
 * The contest's call banner, its expected-vote progress ("about 73% of the expected vote is
 * counted", precincts still given) and a band of the projected final margin: the 99% interval,
 * the 90% interval inside it, the projected margin, and the tie line.
 */
export function ProjectionPanel({ projection, choices }: ProjectionPanelProps) {
  const [first, second] = projection.pair;
  const call = projection.call;
  const nameOf = (party: string): string => {
    const choice = choices.find((c) => c.party?.toUpperCase() === party.toUpperCase());
    return choice === undefined ? party : `${choice.name} (${party})`;
  };
  const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  const lean = (margin: number): string =>
    margin >= 0 ? `${first} +${margin.toFixed(1)}` : `${second} +${(-margin).toFixed(1)}`;
  const [lo99, hi99] = projection.interval99;
  const [lo90, hi90] = projection.interval90;
  // The axis always shows the tie and the whole 99% interval, symmetric so neither side looks ahead.
  const reach = Math.max(2, Math.abs(lo99), Math.abs(hi99)) * 1.1;
  const x = (margin: number): number => PAD + ((margin + reach) / (2 * reach)) * (WIDTH - 2 * PAD);
  const share = Math.min(99.9, 100 * projection.expectedVote.share);
  return (
    <section class="projection" aria-labelledby="projection-heading" data-testid="projection">
      {call.status === 'called' ? (
        <p
          class={`call-banner ${call.inDoubt ? 'in-doubt' : ''}`}
          role="status"
          data-testid="call-banner"
          title={call.reason}
        >
          <strong>Projected winner: {nameOf(call.winner)}</strong> ({call.kind} call
          {call.inDoubt ? '; the latest figures no longer confirm it on their own' : ''}).{' '}
          <span class="call-reason">{sentence(call.reason)}</span>
        </p>
      ) : (
        <p class="call-banner not-called" data-testid="call-banner">
          Too early to call: {call.reason}.
        </p>
      )}
      <h2 id="projection-heading">Projected final margin</h2>
      <p class="expected-vote" data-testid="expected-vote">
        About <strong>{share.toFixed(0)}%</strong> of the expected vote is counted (
        {projection.expectedVote.counted.toLocaleString('en-US')} of about{' '}
        {projection.expectedVote.projectedTotal.toLocaleString('en-US')} votes;{' '}
        {projection.precincts.reporting.toLocaleString('en-US')} of{' '}
        {projection.precincts.total.toLocaleString('en-US')} precincts reporting).
      </p>
      <p class="projection-figures">
        Projection: <strong>{lean(projection.projectedMargin)}</strong> points; 90% interval{' '}
        {lean(lo90)} to {lean(hi90)}; 99% interval {lean(lo99)} to {lean(hi99)}
        {projection.reportedMargin === null
          ? ''
          : `. Counted so far: ${lean(projection.reportedMargin)}`}
        .
      </p>
      <svg
        class="projection-band"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Projected margin ${lean(projection.projectedMargin)}, 90% interval ${lean(lo90)} to ${lean(hi90)}, 99% interval ${lean(lo99)} to ${lean(hi99)}`}
        data-testid="projection-band"
      >
        <rect
          class="band99"
          x={x(lo99)}
          y={14}
          width={Math.max(1, x(hi99) - x(lo99))}
          height={22}
        />
        <rect
          class="band90"
          x={x(lo90)}
          y={14}
          width={Math.max(1, x(hi90) - x(lo90))}
          height={22}
        />
        <line class="tie" x1={x(0)} x2={x(0)} y1={6} y2={44} />
        <line
          class="point"
          x1={x(projection.projectedMargin)}
          x2={x(projection.projectedMargin)}
          y1={10}
          y2={40}
        />
        <text x={x(0)} y={58} text-anchor="middle">
          tie
        </text>
        <text x={PAD} y={58} text-anchor="start">
          {second} +{reach.toFixed(0)}
        </text>
        <text x={WIDTH - PAD} y={58} text-anchor="end">
          {first} +{reach.toFixed(0)}
        </text>
      </svg>
    </section>
  );
}
