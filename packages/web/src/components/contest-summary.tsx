import type { ChoiceResult, ContestDocument } from '../api/types.ts';
import { contestPalette, shade } from '../geo/palette.ts';
import { displayName, formatShare, formatVotes } from '../format/numbers.ts';
import { describeStanding } from '../format/standing.ts';
import { RecountBadge } from './recount-badge.tsx';
import { ReportingStatus } from './reporting-status.tsx';

/** Whether a choice's party is worth showing: not for write-ins or the source's "no party" codes. */
function showsParty(choice: ChoiceResult): boolean {
  return (
    choice.party !== null && !choice.isWriteIn && !/^(non|np|none|nonpartisan)$/i.test(choice.party)
  );
}

/** Props of {@link ContestSummary}. */
export interface ContestSummaryProps {
  readonly contest: ContestDocument;
  /** Heading level: the featured contest is h2, others h3. */
  readonly level?: 2 | 3;
}

/** A contest's choices with votes, shares and bars, who leads and by how much, and how much is counted. */
export function ContestSummary({ contest, level = 2 }: ContestSummaryProps) {
  const palette = contestPalette(contest.choices);
  const Heading = level === 2 ? 'h2' : 'h3';
  const top = Math.max(0, ...contest.choices.map((choice) => choice.votes));
  const headingId = `contest-${contest.id}`;
  return (
    <section class="contest-summary" aria-labelledby={headingId}>
      <Heading id={headingId}>{displayName(contest.name)}</Heading>
      <p class={contest.tie ? 'standing tie' : 'standing'} data-testid="standing">
        {describeStanding(contest)}
        {contest.tie && contest.totalVotes > 0 ? <strong class="tie-badge"> Tie</strong> : null}
      </p>
      <RecountBadge contest={contest} />
      <table class="choices">
        <caption class="visually-hidden">
          Votes for each choice in {displayName(contest.name)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            <th scope="col" class="num">
              Votes
            </th>
            <th scope="col" class="num">
              Share
            </th>
            {/* The bars repeat the shares visually; they are hidden from screen readers. */}
            <td class="bar-col" aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          {contest.choices.map((choice) => {
            const leading = !contest.tie && choice.id === contest.leaderId;
            const ramp = palette.rampOf.get(choice.id) ?? 'purple';
            return (
              <tr key={choice.id} class={leading ? 'leading' : undefined} data-choice={choice.id}>
                <th scope="row">
                  <span class="choice-name">{choice.name}</span>
                  {!showsParty(choice) ? null : <span class="party"> {choice.party}</span>}
                  {leading ? <span class="leader-mark"> (leading)</span> : null}
                </th>
                <td class="num" data-testid="choice-votes">
                  {formatVotes(choice.votes)}
                </td>
                <td class="num">{formatShare(choice.share)}</td>
                <td class="bar-col" aria-hidden="true">
                  <span
                    class="bar"
                    style={{
                      width: top === 0 ? '0%' : `${((choice.votes / top) * 100).toFixed(2)}%`,
                      background: shade(ramp, 3),
                    }}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td class="num">{formatVotes(contest.totalVotes)}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
      <ReportingStatus result={contest} />
    </section>
  );
}
