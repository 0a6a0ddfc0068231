import type { EmbedSources } from '../embeds/render-embed.ts';
import type { ApFeedSources } from '../feeds/ap-feed.ts';
import type { LiveResults } from '../live/live-results.ts';
import type { ContestProjection, LiveProjections } from './live-projections.ts';

/**
 * What the live projections tell the partner channels: race calls (as the winning choice's id,
 * found by the called party) and the expected vote, for the AP-style feed and the embeds.
 * @example registerApFeedRoutes(app, deps, projectionSources(projections, live).apFeed);
 */
export function projectionSources(
  projections: LiveProjections,
  live: LiveResults,
): { readonly apFeed: ApFeedSources; readonly embed: EmbedSources } {
  const projectionOf = (electionId: string, contestId: string): ContestProjection | null =>
    projections.document(electionId)?.find((projection) => projection.contestId === contestId) ??
    null;
  const winnerCall = (
    electionId: string,
    contestId: string,
  ): { readonly winners: readonly string[]; readonly calledAt: string } | null => {
    const projection = projectionOf(electionId, contestId);
    if (projection?.call.status !== 'called') return null;
    const party = projection.call.winner;
    const contest = live
      .election(electionId)
      ?.tally.definition.contests.find((candidate) => candidate.id === contestId);
    const winners = (contest?.choices ?? [])
      .filter((choice) => choice.party === party)
      .map((choice) => choice.id);
    // A call names a party; without exactly one choice of that party there is no one to flag.
    if (winners.length !== 1) return null;
    const called = projection.events.findLast((event) => event.event.type === 'called');
    return { winners, calledAt: called?.at ?? new Date(0).toISOString() };
  };
  return {
    apFeed: {
      call: winnerCall,
      expectedVotes: (electionId, contestId, unitId) =>
        // The model projects the contest's whole vote; it has no per-county expectation.
        unitId === null
          ? (projectionOf(electionId, contestId)?.expectedVote.projectedTotal ?? null)
          : null,
      revision: (electionId) =>
        (projections.document(electionId) ?? [])
          .map((projection) => `${projection.version}.${projection.events.length}`)
          .join(','),
    },
    embed: {
      call: (electionId, contestId) => {
        const call = winnerCall(electionId, contestId);
        return call === null ? null : { ...call, by: 'Canvass projection' };
      },
    },
  };
}
