import {
  MARGIN_STEPS,
  NOT_ON_BALLOT_FILL,
  TIE_FILL,
  shade,
  type ContestPalette,
} from '../geo/palette.ts';

/** Props of {@link MapLegend}. */
export interface MapLegendProps {
  readonly palette: ContestPalette;
  /** Whether some counties are outside the contest (a local measure). */
  readonly partial?: boolean;
}

const STEP_LABELS = [
  `< ${MARGIN_STEPS[0] ?? 5}`,
  ...MARGIN_STEPS.map((step, index) =>
    index + 1 < MARGIN_STEPS.length ? `${step}–${MARGIN_STEPS[index + 1] ?? ''}` : `${step}+`,
  ),
];

/** What the map's shades mean: one ramp per main choice, by lead in points, plus tie and no results. */
export function MapLegend({ palette, partial = false }: MapLegendProps) {
  return (
    <div class="map-legend">
      <p class="legend-title">County leader, by lead in points</p>
      {palette.sides.map(({ choice, ramp }) => (
        <div class="legend-row" key={choice.id}>
          <span class="legend-name">{choice.name} leads</span>
          <ul class="swatches">
            {STEP_LABELS.map((label, step) => (
              <li key={label}>
                <span class="swatch" style={{ background: shade(ramp, step) }} aria-hidden="true" />
                <span class="swatch-label">{label}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <ul class="swatches other-swatches">
        <li>
          <span class="swatch" style={{ background: shade('purple', 2) }} aria-hidden="true" />
          <span class="swatch-label">another choice leads</span>
        </li>
        <li>
          <span class="swatch" style={{ background: TIE_FILL }} aria-hidden="true" />
          <span class="swatch-label">tied</span>
        </li>
        <li>
          <span class="swatch no-results" aria-hidden="true" />
          <span class="swatch-label">no results yet</span>
        </li>
        {partial ? (
          <li>
            <span class="swatch" style={{ background: NOT_ON_BALLOT_FILL }} aria-hidden="true" />
            <span class="swatch-label">not on this ballot</span>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
