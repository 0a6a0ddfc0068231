import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NO_RESULTS_FILL,
  TIE_FILL,
  contestPalette,
  marginStep,
  shade,
  unitFill,
} from '../src/geo/palette.ts';
import { ALABAMA_FINAL, choice, contestOf } from './contest-fixture.ts';

describe('map palette', () => {
  it('gives Democrats blue and Republicans orange whatever the ballot order, never a write-in', () => {
    const palette = contestPalette([
      choice('w', 'Write-In', null, 9, true),
      choice('r', 'Roy', 'REP', 5),
      choice('d', 'Doug', 'DEM', 4),
    ]);
    assert.deepEqual(
      palette.sides.map((side) => [side.choice.id, side.ramp]),
      [
        ['d', 'blue'],
        ['r', 'orange'],
      ],
    );
    assert.equal(palette.rampOf.get('w'), 'purple');
  });

  it('uses ballot order for a non-partisan contest', () => {
    const palette = contestPalette([choice('yes', 'Yes', null, 1), choice('no', 'No', null, 2)]);
    assert.deepEqual(
      palette.sides.map((side) => side.ramp),
      ['blue', 'orange'],
    );
  });

  it('steps margins at 5, 10, 20 and 40 points', () => {
    assert.deepEqual(
      [0, 4.999, 5, 9.9, 10, 20, 39.9, 40, 95].map(marginStep),
      [0, 0, 1, 1, 2, 3, 3, 4, 4],
    );
  });

  it('shades by leader and margin; hatches no results; greys a tie', () => {
    const palette = contestPalette(ALABAMA_FINAL.choices);
    assert.equal(unitFill(palette, ALABAMA_FINAL), shade('blue', 0));
    const landslide = contestOf([
      choice('jones', 'Doug Jones', 'DEM', 10),
      choice('moore', 'Roy S. Moore', 'REP', 90),
    ]);
    assert.equal(unitFill(palette, landslide), shade('orange', 4));
    assert.equal(
      unitFill(
        palette,
        contestOf([
          choice('jones', 'Doug Jones', 'DEM', 0),
          choice('moore', 'Roy S. Moore', 'REP', 0),
        ]),
      ),
      NO_RESULTS_FILL,
    );
    assert.equal(
      unitFill(
        palette,
        contestOf([
          choice('jones', 'Doug Jones', 'DEM', 3),
          choice('moore', 'Roy S. Moore', 'REP', 3),
        ]),
      ),
      TIE_FILL,
    );
  });
});
