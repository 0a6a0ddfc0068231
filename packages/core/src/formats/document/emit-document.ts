import type { ElectionDefinition } from '../../model/election.ts';
import { ElectionDefinitionSchema } from '../../model/election.ts';
import {
  createCountBatch,
  TARGET_BLANK,
  TARGET_OVERVOTES,
  TARGET_UNDERVOTES,
  VOTE_TYPE_CODES,
  type CountBatch,
  type FactRecord,
  type SubmissionSink,
} from '../../model/submission.ts';
import type { DocumentLog } from './document-log.ts';
import type { DocumentSubmission } from './document-submission.ts';

const BATCH_SIZE = 8192;

/**
 * Maps a document's counts and facts onto positions in the target definition (the election's
 * current one, or the document's own for a new election) and hands them to the sink, only if
 * nothing is wrong: every unit, contest and choice must be in the definition, every unit must
 * vote in the contest it reports, and no count may appear twice. Returns the definition the
 * counts are keyed by and how many counts were sent.
 */
export async function emitDocument(
  document: DocumentSubmission,
  given: ElectionDefinition | null,
  log: DocumentLog,
  sink: SubmissionSink,
): Promise<{ definition: ElectionDefinition; counts: number }> {
  const definition = given ?? document.definition;
  if (given === null) {
    const checked = ElectionDefinitionSchema.safeParse(definition);
    if (!checked.success)
      log.error(
        null,
        null,
        'invalid-definition',
        `the election the document describes is not valid: ${checked.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; ')}`,
      );
  }
  const unitIndex = new Map(definition.units.map((unit, index) => [unit.id, index]));
  const contestIndex = new Map(definition.contests.map((contest, index) => [contest.id, index]));
  const choiceIndex = definition.contests.map(
    (contest) => new Map(contest.choices.map((choice, index) => [choice.id, index])),
  );
  const contestUnits = definition.contests.map((contest) => new Set(contest.unitIds));
  const seen = new Set<string>();

  const batches: CountBatch[] = [];
  let batch = createCountBatch(BATCH_SIZE);
  let sent = 0;
  for (const count of document.counts) {
    const unit = unitIndex.get(count.unitId);
    const contest = contestIndex.get(count.contestId);
    if (unit === undefined) {
      log.error(
        count.line,
        count.field,
        'unknown-precinct',
        `reporting unit ${count.unitId} is not in election ${definition.id}`,
      );
      continue;
    }
    if (contest === undefined) {
      log.error(
        count.line,
        count.field,
        'unknown-contest',
        `contest ${count.contestId} is not in election ${definition.id}`,
      );
      continue;
    }
    if (!(contestUnits[contest]?.has(count.unitId) ?? false)) {
      log.error(
        count.line,
        count.field,
        'unit-not-in-contest',
        `reporting unit ${count.unitId} does not vote in contest ${count.contestId}`,
      );
      continue;
    }
    let target: number;
    if (count.target === 'overvotes') target = TARGET_OVERVOTES;
    else if (count.target === 'undervotes') target = TARGET_UNDERVOTES;
    else if (count.target === 'blank') target = TARGET_BLANK;
    else {
      const found = choiceIndex[contest]?.get(count.target.choiceId);
      if (found === undefined) {
        log.error(
          count.line,
          count.field,
          'unknown-choice',
          `contest ${count.contestId} has no choice ${count.target.choiceId}`,
        );
        continue;
      }
      target = found;
    }
    const key = `${unit}\u0000${contest}\u0000${target}\u0000${count.voteType}`;
    if (seen.has(key)) {
      log.error(
        count.line,
        count.field,
        'duplicate-count',
        `a second ${count.voteType} count for ${typeof count.target === 'string' ? count.target : count.target.choiceId} in contest ${count.contestId} at ${count.unitId}`,
      );
      continue;
    }
    seen.add(key);
    if (batch.length === BATCH_SIZE) {
      batches.push(batch);
      batch = createCountBatch(BATCH_SIZE);
    }
    const i = batch.length++;
    batch.unit[i] = unit;
    batch.contest[i] = contest;
    batch.target[i] = target;
    batch.line[i] = -1;
    batch.voteType[i] = VOTE_TYPE_CODES.indexOf(count.voteType);
    batch.value[i] = count.value;
    batch.sourceLine[i] = count.line ?? 0;
    sent++;
  }
  if (batch.length > 0) batches.push(batch);

  const facts: FactRecord[] = [];
  const seenFacts = new Set<string>();
  for (const fact of document.facts) {
    const unit = unitIndex.get(fact.unitId);
    if (unit === undefined) {
      log.error(
        fact.line,
        fact.field,
        'unknown-precinct',
        `reporting unit ${fact.unitId} is not in election ${definition.id}`,
      );
      continue;
    }
    const key = `${unit}\u0000${fact.fact}\u0000${fact.voteType}`;
    if (seenFacts.has(key)) {
      log.error(
        fact.line,
        fact.field,
        'duplicate-count',
        `a second ${fact.fact} (${fact.voteType}) for ${fact.unitId}`,
      );
      continue;
    }
    seenFacts.add(key);
    facts.push({
      unit,
      fact: fact.fact,
      voteType: fact.voteType,
      value: fact.value,
      sourceLine: fact.line ?? 0,
    });
  }

  if (log.errorCount > 0) return { definition, counts: 0 };
  for (const full of batches) await sink.counts(full);
  if (facts.length > 0) await sink.facts(facts);
  return { definition, counts: sent };
}
