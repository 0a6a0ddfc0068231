import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { standing } from './margin.ts';

const choices = (...votes: number[]) => votes.map((count, index) => ({ index, votes: count }));

describe('standing', () => {
  it('names the leader and measures leader against runner-up', () => {
    const result = standing(choices(673352, 650940, 21464), 1);
    assert.equal(result.leader, 0);
    assert.equal(result.tie, false);
    assert.equal(result.marginVotes, 22412);
    assert.deepEqual(result.marginPair, [0, 1]);
  });

  it('shows a tie as a tie, with no invented leader', () => {
    const result = standing(choices(500, 500, 10), 1);
    assert.equal(result.leader, null);
    assert.equal(result.tie, true);
    assert.equal(result.marginVotes, 0);
  });

  it('measures a vote-for-2 contest between the last winner and the first loser', () => {
    const result = standing(choices(100, 300, 250, 240), 2);
    assert.deepEqual(result.order, [1, 2, 3, 0]);
    assert.equal(result.leader, 1);
    assert.deepEqual(result.marginPair, [2, 3]);
    assert.equal(result.marginVotes, 10);
  });

  it('calls a tie for the last seat a tie even when the leader is clear', () => {
    const result = standing(choices(300, 250, 250), 2);
    assert.equal(result.leader, 0);
    assert.equal(result.tie, true);
  });

  it('has no leader and no tie before anything is counted', () => {
    const result = standing(choices(0, 0), 1);
    assert.equal(result.leader, null);
    assert.equal(result.tie, false);
  });

  it('has no margin with a single choice', () => {
    assert.equal(standing(choices(10), 1).marginVotes, null);
  });
});
