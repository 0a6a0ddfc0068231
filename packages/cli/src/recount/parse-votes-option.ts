import type { RecountChoiceVotes } from '@canvass/core';

/** A `--votes` value that could not be read, with the part at fault. */
export interface VotesOptionError {
  readonly message: string;
}

// Lines that total unnamed write-ins: they count towards the office's votes but never win or lose.
const WRITE_IN = /^write[- ]?ins?$/i;

/**
 * Reads `--votes "Name=123,Other Name=456"`. The last `=` of each item separates the name from
 * the count, so names may contain `=`; a line named "Write-In" (or "write-ins") is the write-in
 * total.
 * @example parseVotesOption('Doug Jones=673896,Write-In=22852')
 * // { ok: true, choices: [{ id: 'Doug Jones', votes: 673896 }, { id: 'Write-In', votes: 22852, isWriteIn: true }] }
 */
export function parseVotesOption(
  text: string,
): { ok: true; choices: RecountChoiceVotes[] } | { ok: false; error: VotesOptionError } {
  const choices: RecountChoiceVotes[] = [];
  const items = text.split(',');
  for (const [index, raw] of items.entries()) {
    const item = raw.trim();
    const at = item.lastIndexOf('=');
    const where = `--votes item ${String(index + 1)} (${JSON.stringify(item)})`;
    if (at <= 0) {
      return { ok: false, error: { message: `${where}: expected NAME=VOTES` } };
    }
    const name = item.slice(0, at).trim();
    const count = item.slice(at + 1).trim();
    if (!/^\d+$/.test(count) || !Number.isSafeInteger(Number(count))) {
      return {
        ok: false,
        error: { message: `${where}: votes must be a whole number, not ${JSON.stringify(count)}` },
      };
    }
    if (choices.some((choice) => choice.id === name)) {
      return { ok: false, error: { message: `${where}: ${JSON.stringify(name)} appears twice` } };
    }
    choices.push({
      id: name,
      votes: Number(count),
      ...(WRITE_IN.test(name) ? { isWriteIn: true } : {}),
    });
  }
  if (choices.filter((choice) => choice.isWriteIn !== true).length < 1) {
    return { ok: false, error: { message: '--votes needs at least one named choice' } };
  }
  return { ok: true, choices };
}
