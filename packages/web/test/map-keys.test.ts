import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { stateCounties } from '../build/state-topology.ts';
import { drawState } from '../src/geo/county-paths.ts';
import { arrowDirection, nextPoint, type MapPoint } from '../src/geo/map-keys.ts';
import { countyKey } from '../src/geo/state-fips.ts';

const grid: MapPoint[] = [
  { key: 'nw', x: 0, y: 0 },
  { key: 'ne', x: 10, y: 0 },
  { key: 'sw', x: 0, y: 10 },
  { key: 'se', x: 10, y: 10 },
  { key: 'far-east', x: 30, y: 1 },
];

describe('arrow keys on the map', () => {
  it('moves to the nearest county that way, and nowhere past the edge', () => {
    assert.equal(nextPoint(grid, 'nw', 'right'), 'ne');
    assert.equal(nextPoint(grid, 'nw', 'down'), 'sw');
    assert.equal(nextPoint(grid, 'ne', 'right'), 'far-east');
    assert.equal(nextPoint(grid, 'nw', 'up'), null);
    assert.equal(nextPoint(grid, 'sw', 'left'), null);
    assert.equal(nextPoint(grid, 'unknown', 'left'), null);
  });

  it('maps only the four arrows', () => {
    assert.equal(arrowDirection('ArrowUp'), 'up');
    assert.equal(arrowDirection('Tab'), null);
  });

  it("walks Alabama's real neighbours: south of Jefferson is Shelby", () => {
    const require = createRequire(import.meta.url);
    const atlas = JSON.parse(
      readFileSync(require.resolve('us-atlas/counties-10m.json'), 'utf8'),
    ) as Topology;
    const alabama = stateCounties(atlas, '01');
    const drawing = drawState(feature(alabama, alabama.objects.counties), 600);
    const points = drawing.counties.map((county) => ({
      key: countyKey(county.name),
      x: county.x,
      y: county.y,
    }));
    assert.equal(nextPoint(points, 'jefferson', 'down'), 'shelby');
    assert.equal(nextPoint(points, 'mobile', 'right'), 'baldwin');
  });
});
