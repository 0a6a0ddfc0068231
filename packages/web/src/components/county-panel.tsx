import type { ContestPalette } from '../geo/palette.ts';
import { shade } from '../geo/palette.ts';
import type { UnitContestResult } from '../api/types.ts';
import { formatShare, formatVotes } from '../format/numbers.ts';
import { describeStanding, describePrecincts, describePseudoUnits } from '../format/standing.ts';

/** Props of {@link CountyPanel}. */
export interface CountyPanelProps {
  readonly county: UnitContestResult | null;
  /** The county's name as shown. */
  readonly name: string;
  readonly palette: ContestPalette;
}

/** The figures of the county under the pointer or keyboard focus. */
export function CountyPanel({ county, name, palette }: CountyPanelProps) {
  if (county === null) {
    return (
      <div class="county-panel" data-testid="county-panel">
        <p class="hint">
          Point at a county, or Tab to the map and move with the arrow keys, to see its figures.
          Press Enter or click to list its precincts.
        </p>
      </div>
    );
  }
  const pseudo = describePseudoUnits(county);
  return (
    <div class="county-panel" data-testid="county-panel">
      <h3>{name} County</h3>
      <p class="standing">{describeStanding(county)}</p>
      <dl>
        {county.choices.map((choice) => (
          <div key={choice.id} class="panel-choice">
            <dt>
              <span
                class="swatch"
                aria-hidden="true"
                style={{ background: shade(palette.rampOf.get(choice.id) ?? 'purple', 3) }}
              />
              {choice.name}
            </dt>
            <dd>
              {formatVotes(choice.votes)} <span class="share">({formatShare(choice.share)})</span>
            </dd>
          </div>
        ))}
      </dl>
      <p class="panel-reporting">
        {describePrecincts(county)}
        {pseudo === null ? '' : `; ${pseudo}`}
      </p>
    </div>
  );
}
