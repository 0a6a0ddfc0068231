import type { FeatureCollection, Geometry } from 'geojson';
import { useMemo, useRef, useState } from 'preact/hooks';
import type { UnitContestResult } from '../api/types.ts';
import { drawState } from '../geo/county-paths.ts';
import { arrowDirection, nextPoint } from '../geo/map-keys.ts';
import { countyKey } from '../geo/state-fips.ts';
import {
  NOT_ON_BALLOT_FILL,
  NO_RESULTS_PATTERN,
  unitFill,
  type ContestPalette,
} from '../geo/palette.ts';
import { describeUnit } from '../format/standing.ts';
import { CountyPanel } from './county-panel.tsx';
import { MapLegend } from './map-legend.tsx';

/** Props of {@link CountyMap}. */
export interface CountyMapProps {
  readonly shapes: FeatureCollection<Geometry, { readonly name: string }>;
  /** Per-county results; pseudo units (absentee, provisional) are never drawn. */
  readonly counties: readonly UnitContestResult[];
  readonly palette: ContestPalette;
  readonly selectedId: string | null;
  readonly onSelect: (countyId: string) => void;
  readonly label: string;
}

const WIDTH = 600;

/**
 * The state's counties shaded by leader and lead. Every county is a button whose accessible
 * name carries its figures; hover or focus shows them in the panel, Enter or a click opens its
 * precincts. The map is one Tab stop: the arrow keys move to the neighbouring county that way,
 * Home and End to the first and last by name.
 */
export function CountyMap({
  shapes,
  counties,
  palette,
  selectedId,
  onSelect,
  label,
}: CountyMapProps) {
  const drawing = useMemo(() => drawState(shapes, WIDTH), [shapes]);
  const byKey = useMemo(
    () =>
      new Map(
        counties
          .filter((county) => !county.pseudo)
          .map((county) => [countyKey(county.unitName), county]),
      ),
    [counties],
  );
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const inContest = drawing.counties.filter((shape) => byKey.has(countyKey(shape.name)));
  const points = inContest.map((shape) => ({ key: countyKey(shape.name), x: shape.x, y: shape.y }));
  // The one county in the Tab order: the last one focused, else the first by name.
  const tabKey = focusKey !== null && byKey.has(focusKey) ? focusKey : (points[0]?.key ?? null);
  const moveTo = (key: string | null): void => {
    if (key === null) return;
    setFocusKey(key);
    svg.current?.querySelector<SVGPathElement>(`path[data-key="${key}"]`)?.focus();
  };
  const active = activeKey === null ? null : (byKey.get(activeKey) ?? null);
  const unmatched = counties.filter(
    (county) =>
      !county.pseudo &&
      !drawing.counties.some((shape) => countyKey(shape.name) === countyKey(county.unitName)),
  );
  return (
    <div class="county-map">
      <a class="skip-link" href="#county-table">
        Skip the map to the county table
      </a>
      <div class="map-and-panel">
        <svg
          viewBox={`0 0 ${drawing.width} ${drawing.height}`}
          role="group"
          aria-label={label}
          class="map"
          ref={svg}
          data-testid="county-map"
          onMouseLeave={() => {
            setActiveKey(null);
          }}
        >
          <defs>
            <pattern
              id={NO_RESULTS_PATTERN}
              patternUnits="userSpaceOnUse"
              width="6"
              height="6"
              patternTransform="rotate(45)"
            >
              <rect width="6" height="6" fill="#fafafa" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#b0b0b0" stroke-width="1.5" />
            </pattern>
          </defs>
          {drawing.counties.map((shape) => {
            const key = countyKey(shape.name);
            const county = byKey.get(key);
            const name =
              county === undefined
                ? `${shape.name} County: not on this ballot`
                : describeUnit(`${shape.name} County`, county);
            const selected = county !== undefined && county.unitId === selectedId;
            return (
              <path
                key={shape.fips}
                d={shape.d}
                fill={county === undefined ? NOT_ON_BALLOT_FILL : unitFill(palette, county)}
                class={`county${county === undefined ? ' outside' : ''}${selected ? ' selected' : ''}${key === activeKey ? ' active' : ''}`}
                data-fips={shape.fips}
                data-key={key}
                tabIndex={county === undefined ? undefined : key === tabKey ? 0 : -1}
                role={county === undefined ? 'img' : 'button'}
                aria-label={name}
                aria-pressed={county === undefined ? undefined : selected}
                onMouseEnter={() => {
                  setActiveKey(key);
                }}
                onFocus={() => {
                  setActiveKey(key);
                  setFocusKey(key);
                }}
                onClick={() => {
                  if (county?.unitId != null) onSelect(county.unitId);
                }}
                onKeyDown={(event) => {
                  const direction = arrowDirection(event.key);
                  if (direction !== null) {
                    event.preventDefault();
                    moveTo(nextPoint(points, key, direction));
                  } else if (event.key === 'Home' || event.key === 'End') {
                    event.preventDefault();
                    moveTo((event.key === 'Home' ? points[0] : points.at(-1))?.key ?? null);
                  } else if (
                    (event.key === 'Enter' || event.key === ' ') &&
                    county?.unitId != null
                  ) {
                    event.preventDefault();
                    onSelect(county.unitId);
                  }
                }}
              />
            );
          })}
        </svg>
        <div class="map-side">
          <CountyPanel
            county={active}
            // The atlas spells names properly ("St. Clair" where the source has "StClair").
            name={
              drawing.counties.find((shape) => countyKey(shape.name) === activeKey)?.name ??
              active?.unitName ??
              ''
            }
            palette={palette}
          />
          <MapLegend
            palette={palette}
            partial={drawing.counties.some((shape) => !byKey.has(countyKey(shape.name)))}
          />
        </div>
      </div>
      {unmatched.length > 0 ? (
        <p class="note">
          Not on the map (no matching county shape):{' '}
          {unmatched.map((county) => county.unitName).join(', ')}.
        </p>
      ) : null}
    </div>
  );
}
