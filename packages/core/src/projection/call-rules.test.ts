import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallTracker, decideCall } from './call-rules.ts';
import type { Projection } from './project-outcome.ts';

/** A projection with everything reported in every kind of county, changed by `patch`. */
function projection(patch: Partial<Projection> = {}): Projection {
  return {
    counted: { first: 5000, second: 4000, total: 9100 },
    reportedMargin: 11.1,
    projectedMargin: 3,
    interval90: [1.5, 4.5],
    interval99: [0.5, 5.5],
    projectedTotalVotes: 20000,
    totalVotes90: [19000, 21000],
    expectedVoteShare: 0.455,
    precincts: 100,
    precinctsReported: 45,
    outstandingMax: 12000,
    classReported: { large: 0.5, 'first-leaning': 0.5, other: 0.5 },
    classWeight: { large: 0.4, 'first-leaning': 0.2, other: 0.4 },
    ...patch,
  };
}

describe('decideCall', () => {
  it('calls mathematically when the lead exceeds every vote that could still come', () => {
    const at = decideCall(
      projection({ counted: { first: 6001, second: 4000, total: 10001 }, outstandingMax: 2000 }),
    );
    assert.equal(at?.kind, 'mathematical');
    assert.equal(at.side, 'first');
    assert.equal(at.inputs.lead, 2001);
    assert.match(at.reason, /2,001 votes exceeds the 2,000 votes/);
    // A lead equal to the outstanding votes could still be tied: no mathematical call.
    const tie = decideCall(
      projection({
        counted: { first: 6000, second: 4000, total: 10000 },
        outstandingMax: 2000,
        interval99: [-1, 4],
      }),
    );
    assert.equal(tie, null);
    // The side trailing in the count is called when it leads by more than what is left.
    const second = decideCall(
      projection({ counted: { first: 100, second: 400, total: 500 }, outstandingMax: 299 }),
    );
    assert.equal(second?.side, 'second');
    // No bound (a place without baseline) means no mathematical call.
    assert.equal(
      decideCall(
        projection({
          counted: { first: 9000, second: 1, total: 9001 },
          outstandingMax: null,
          interval99: [-1, 5],
        }),
      ),
      null,
    );
  });

  it('calls statistically only when the interval and every guard agree', () => {
    assert.equal(decideCall(projection())?.kind, 'statistical');
    assert.equal(decideCall(projection({ interval99: [-0.1, 5.5] })), null);
    assert.equal(decideCall(projection({ projectedMargin: 0.4, interval99: [0.1, 0.8] })), null);
    assert.equal(decideCall(projection({ expectedVoteShare: 0.1 })), null);
    assert.equal(
      decideCall(projection({ classReported: { large: 0.1, 'first-leaning': 0.5, other: 0.5 } })),
      null,
    );
    // A class too small to matter does not block the call.
    assert.equal(
      decideCall(
        projection({
          classReported: { large: 0.5, 'first-leaning': 0, other: 0.5 },
          classWeight: { large: 0.5, 'first-leaning': 0.01, other: 0.49 },
        }),
      )?.kind,
      'statistical',
    );
    assert.equal(
      decideCall(projection({ projectedMargin: -3, interval99: [-5.5, -0.5] }))?.side,
      'second',
    );
  });
});

describe('CallTracker', () => {
  it('makes a call once, flags doubt as an event, and retracts only explicitly', () => {
    const tracker = new CallTracker();
    assert.deepEqual(tracker.update(projection({ interval99: [-1, 5] })), []);
    const called = tracker.update(projection());
    assert.equal(called.length, 1);
    assert.equal(called[0]?.type, 'called');
    assert.deepEqual(tracker.update(projection()), []);
    const doubt = tracker.update(projection({ interval99: [-0.2, 5] }));
    assert.deepEqual(
      doubt.map((event) => event.type),
      ['in-doubt'],
    );
    assert.equal(tracker.standing?.side, 'first');
    assert.equal(tracker.standing.inDoubt, true);
    // The call stands while nothing calls the other side; doubt is reported once.
    assert.deepEqual(tracker.update(projection({ interval99: [-0.3, 5] })), []);
    assert.deepEqual(tracker.update(projection()), []);
    assert.equal(tracker.standing.inDoubt, false);
    const flipped = tracker.update(projection({ projectedMargin: -3, interval99: [-5, -1] }));
    assert.deepEqual(
      flipped.map((event) => event.type),
      ['retracted', 'called'],
    );
    assert.equal(tracker.standing.side, 'second');
  });

  it('confirms a statistical call when it becomes mathematical', () => {
    const tracker = new CallTracker();
    tracker.update(projection());
    const events = tracker.update(
      projection({ counted: { first: 9000, second: 4000, total: 13000 }, outstandingMax: 100 }),
    );
    assert.deepEqual(
      events.map((event) => event.type),
      ['confirmed'],
    );
    assert.equal(tracker.standing?.kind, 'mathematical');
  });
});
