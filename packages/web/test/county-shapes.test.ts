import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { stateCodes, stateCounties } from '../build/state-topology.ts';
import { drawState } from '../src/geo/county-paths.ts';
import { countyKey, stateFips } from '../src/geo/state-fips.ts';

const require = createRequire(import.meta.url);
const atlas = JSON.parse(
  readFileSync(require.resolve('us-atlas/counties-10m.json'), 'utf8'),
) as Topology;
const alabama = stateCounties(atlas, stateFips('AL') ?? '');

describe('county shapes', () => {
  it("cuts Alabama's 67 counties out of us-atlas with only the arcs they use", () => {
    assert.equal(alabama.objects.counties.geometries.length, 67);
    assert.ok(alabama.arcs.length < atlas.arcs.length / 20, `${alabama.arcs.length} arcs`);
    const counties = feature(alabama, alabama.objects.counties);
    const drawing = drawState(counties, 600);
    assert.equal(drawing.counties.length, 67);
    assert.ok(drawing.counties.every((county) => county.d.startsWith('M')));
    assert.ok(drawing.height > 600, 'Alabama is taller than wide');
    assert.ok(stateCodes(atlas).includes('01'));
  });

  it('matches every county named in the Alabama file, StClair included', () => {
    const csv = readFileSync(
      fileURLToPath(
        new URL('../../../data/20171212__al__special__general__precinct.csv', import.meta.url),
      ),
      'utf8',
    );
    const names = new Set(
      csv
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',', 1)[0] ?? ''),
    );
    assert.ok(names.has('StClair'));
    const shapes = new Set(
      alabama.objects.counties.geometries.map((geometry) =>
        countyKey((geometry.properties as { name?: string } | undefined)?.name ?? ''),
      ),
    );
    assert.deepEqual(
      [...names].filter((name) => !shapes.has(countyKey(name))),
      [],
    );
    assert.equal(names.size, 67);
  });
});
