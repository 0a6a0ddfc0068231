import { useEffect, useRef } from 'preact/hooks';
import type { ChoiceResult, CountyEnvelope, UnitContestResult } from '../api/types.ts';
import { formatShare, formatVotes } from '../format/numbers.ts';
import { describePrecincts, describePseudoUnits, describeStanding } from '../format/standing.ts';

/** Props of {@link PrecinctTable}. */
export interface PrecinctTableProps {
  readonly countyName: string;
  readonly document: CountyEnvelope | null;
  readonly onClose: () => void;
}

function rows(units: readonly UnitContestResult[], choices: readonly ChoiceResult[]) {
  return units.map((unit) => (
    <tr key={unit.unitId ?? unit.unitName}>
      <th scope="row">{unit.unitName}</th>
      {choices.map((choice) => {
        const figures = unit.choices.find((candidate) => candidate.id === choice.id);
        return (
          <td key={choice.id} class="num">
            {formatVotes(figures?.votes ?? 0)}{' '}
            <span class="share">{formatShare(figures?.share ?? null)}</span>
          </td>
        );
      })}
      <td class="num">{formatVotes(unit.totalVotes)}</td>
      <td>{unit.precinctsReporting + unit.pseudoUnitsReporting > 0 ? 'Reported' : 'Not yet'}</td>
    </tr>
  ));
}

/** One county's precincts, with absentee and provisional units listed apart (they have no place on the map). */
export function PrecinctTable({ countyName, document, onClose }: PrecinctTableProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a county moves focus to its precincts, so keyboard and screen reader users land on
  // what they asked for; live updates re-render without moving focus again.
  useEffect(() => {
    heading.current?.focus();
  }, [countyName]);
  const choices = document?.county.choices ?? [];
  const places = document?.precincts.filter((unit) => !unit.pseudo) ?? [];
  const pseudo = document?.precincts.filter((unit) => unit.pseudo) ?? [];
  const pseudoText = document === null ? null : describePseudoUnits(document.county);
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {choices.map((choice) => (
          <th scope="col" class="num" key={choice.id}>
            {choice.name}
          </th>
        ))}
        <th scope="col" class="num">
          Total
        </th>
        <th scope="col">Status</th>
      </tr>
    </thead>
  );
  return (
    <section
      class="precinct-results"
      id="precinct-results"
      aria-labelledby="precinct-heading"
      data-testid="precinct-results"
    >
      <div class="section-head">
        <h2 id="precinct-heading" tabIndex={-1} ref={heading}>
          {countyName} County precincts
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {document === null ? (
        <p>Loading precincts…</p>
      ) : (
        <>
          <p>
            {describeStanding(document.county)}. {describePrecincts(document.county)}
            {pseudoText === null ? '' : `; ${pseudoText}`}.
          </p>
          <div class="table-scroll">
            <table class="precinct-table">
              <caption>Precincts in {countyName} County</caption>
              {head('Precinct')}
              <tbody>{rows(places, choices)}</tbody>
            </table>
          </div>
          {pseudo.length > 0 ? (
            <div class="table-scroll">
              <table class="precinct-table">
                <caption>
                  Absentee and provisional ballots in {countyName} County (not shown on the map)
                </caption>
                {head('Unit')}
                <tbody>{rows(pseudo, choices)}</tbody>
              </table>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
