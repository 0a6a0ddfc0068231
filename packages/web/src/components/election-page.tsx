import type { FeatureCollection, Geometry } from 'geojson';
import { useEffect, useState } from 'preact/hooks';
import { loadCountyShapes } from '../geo/county-shapes.ts';
import { contestPalette, shade } from '../geo/palette.ts';
import { stateFips } from '../geo/state-fips.ts';
import { displayName } from '../format/numbers.ts';
import { useElectionFeed } from '../live/use-election-feed.ts';
import { ContestSummary } from './contest-summary.tsx';
import { DataNotes } from './data-notes.tsx';
import { CountyMap } from './county-map.tsx';
import { CountyTable } from './county-table.tsx';
import { LiveRegion } from './live-region.tsx';
import { MarginChart } from './margin-chart.tsx';
import { OtherContests } from './other-contests.tsx';
import { PrecinctTable } from './precinct-table.tsx';
import { ProjectionPanel } from './projection-panel.tsx';
import { useProjection } from '../live/use-projection.ts';
import { ResultsHeader } from './results-header.tsx';

/** Props of {@link ElectionPage}. */
export interface ElectionPageProps {
  readonly electionId: string;
  readonly contestId: string | null;
}

type Shapes = FeatureCollection<Geometry, { readonly name: string }>;

/** One election's live results: the selected contest in full (summary, map, table, chart, precincts) and the rest listed. */
export function ElectionPage({ electionId, contestId }: ElectionPageProps) {
  const feed = useElectionFeed(electionId, contestId);
  const projection = useProjection(
    electionId,
    feed?.contestId ?? null,
    feed?.results?.version ?? -1,
  );
  const state = feed?.results?.election.state ?? null;
  const [shapes, setShapes] = useState<Shapes | null>(null);
  const [shapesError, setShapesError] = useState<string | null>(null);

  useEffect(() => {
    const fips = stateFips(state);
    if (fips === null) return undefined;
    const abort = new AbortController();
    loadCountyShapes(fips, abort.signal).then(setShapes, (error: unknown) => {
      if (!abort.signal.aborted)
        setShapesError(error instanceof Error ? error.message : String(error));
    });
    return () => {
      abort.abort();
    };
  }, [state]);

  useEffect(() => {
    if (feed?.results !== null && feed?.results !== undefined)
      document.title = `${feed.results.election.name}: unofficial results`;
  }, [feed?.results?.election.name]);

  if (feed === null || feed.results === null) {
    return (
      <main class="page">
        <p role="status">
          {feed?.error === null || feed?.error === undefined
            ? 'Loading results…'
            : `Could not load results: ${feed.error}`}
        </p>
      </main>
    );
  }
  const { results, contestId: selectedId, contest, countyId, county } = feed;
  const summary = results.contests.find((candidate) => candidate.id === selectedId) ?? null;
  const detailed = contest?.contests[0] ?? null;
  const counties = detailed?.counties ?? [];
  const palette = contestPalette(summary?.choices ?? []);
  const [first, second] = palette.sides;
  const countyName = counties.find((unit) => unit.unitId === countyId)?.unitName ?? '';
  const title = summary === null ? '' : displayName(summary.name);

  return (
    <main class="page">
      <ResultsHeader results={results} connection={feed.connection} />
      <LiveRegion message={feed.announcement} />
      {feed.error === null ? null : <p class="error">Could not refresh: {feed.error}. Retrying…</p>}
      {results.contests.length === 0 ? <p>This election has no contests.</p> : null}
      {summary === null ? null : <ContestSummary contest={summary} />}
      {projection === null || summary === null ? null : (
        <ProjectionPanel projection={projection} choices={summary.choices} />
      )}
      <DataNotes warnings={results.warnings} contestId={selectedId} />
      <OtherContests
        contests={results.contests}
        selectedId={selectedId}
        onSelect={feed.selectContest}
      />
      {summary !== null && detailed !== null ? (
        <>
          <section class="map-section" aria-labelledby="map-heading">
            <h2 id="map-heading">{title} by county</h2>
            {shapes === null ? (
              <p>
                {stateFips(state) === null
                  ? 'No county map: the election names no U.S. state. The table below has every county.'
                  : shapesError === null
                    ? 'Loading the map…'
                    : `The map could not be loaded (${shapesError}); the table below has every county.`}
              </p>
            ) : (
              <CountyMap
                shapes={shapes}
                counties={counties}
                palette={palette}
                selectedId={countyId}
                onSelect={feed.selectCounty}
                label={`Map of ${title} results by county. Each county is a button that reads its figures; use the arrow keys to move between counties and Enter to list a county's precincts.`}
              />
            )}
          </section>
          {countyId === null ? null : (
            <PrecinctTable
              countyName={countyName}
              document={county}
              onClose={() => {
                feed.selectCounty(null);
              }}
            />
          )}
          <section class="table-section" aria-labelledby="table-heading">
            <h2 id="table-heading">{title}: every county</h2>
            <CountyTable
              counties={counties}
              choices={detailed.choices}
              selectedId={countyId}
              onSelect={feed.selectCounty}
              caption={`${title} results by county`}
              help="Select a county's name to list its precincts; select a column heading to sort the table."
            />
          </section>
          {first !== undefined && second !== undefined ? (
            <section class="chart-section" aria-labelledby="chart-heading">
              <h2 id="chart-heading">How the lead changed through the count</h2>
              <MarginChart
                history={contest?.history ?? []}
                choices={detailed.choices}
                first={first.choice}
                second={second.choice}
                colour={shade('blue', 3)}
              />
            </section>
          ) : null}
        </>
      ) : null}
      <footer class="page-footer">
        <p>
          Figures are unofficial until certified. Absentee and provisional ballots are counted in
          reporting units of their own, listed apart from precincts and never drawn on the map.
          Data:{' '}
          <a href={`/api/elections/${encodeURIComponent(electionId)}/results`}>results JSON</a>.{' '}
          <a href={`/elections/${encodeURIComponent(electionId)}/audits`}>Risk-limiting audits</a>.
          Election officials: <a href="/sign-in">sign in</a>.
        </p>
      </footer>
    </main>
  );
}
