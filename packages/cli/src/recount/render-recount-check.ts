import {
  formatRecountBadge,
  groupDigits,
  percentText,
  type RecountEvaluation,
  type RecountInput,
} from '@canvass/core';

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

/**
 * The readable form of `canvass recount check`: the margin, the automatic and the requested
 * recount, each with its reason, rule and citation.
 * @example process.stdout.write(renderRecountCheck(evaluation, input))
 */
export function renderRecountCheck(evaluation: RecountEvaluation, input: RecountInput): string {
  const { margin, automatic: auto, requested: req } = evaluation;
  const lines: string[] = [];
  const seats = `${String(input.seats)} seat${input.seats === 1 ? '' : 's'}`;
  lines.push(
    `${evaluation.stateName} (${evaluation.state}) · ${input.electionType} election · ${input.scope} ${input.kind === 'measure' ? 'measure' : 'office'} · ${seats}`,
  );
  if (margin.lastWinner !== null && margin.firstLoser !== null && margin.marginVotes !== null) {
    const share =
      margin.totalVotes > 0
        ? ` (${percentText({ num: BigInt(margin.marginVotes), den: BigInt(margin.totalVotes) }, 2)}% of ${groupDigits(margin.totalVotes)} votes)`
        : '';
    lines.push(
      `Margin: ${margin.lastWinner.id} ${groupDigits(margin.lastWinner.votes)} − ${margin.firstLoser.id} ${groupDigits(margin.firstLoser.votes)} = ${groupDigits(margin.marginVotes)} votes${share}`,
    );
  } else {
    lines.push('Margin: none (uncontested)');
  }
  lines.push(formatRecountBadge(evaluation), '');
  lines.push(`Automatic recount: ${auto.applies ? yesNo(auto.triggered) : 'does not apply'}`);
  lines.push(`  ${auto.reason}`);
  if (auto.thresholdVotes !== null)
    lines.push(`  Largest margin that triggers: ${groupDigits(auto.thresholdVotes)} votes`);
  if (auto.rule !== null) lines.push(`  Rule: ${auto.rule.expr}`);
  if (auto.rule?.statuteQuote != null) lines.push(`  Statute: “${auto.rule.statuteQuote}”`);
  lines.push(
    `  Citation: ${auto.citation ?? 'none'} (confidence: ${auto.confidence}${auto.uncertain ? ', uncertain' : ''})`,
  );
  lines.push('');
  lines.push(
    `Requested recount: ${req.available ? (req.triggered ? 'may be requested' : 'not within the requestable margin') : 'not available'}`,
  );
  lines.push(`  ${req.reason}`);
  if (req.whoMayRequest !== null) lines.push(`  Who may request: ${req.whoMayRequest}`);
  if (req.whoPays !== null) lines.push(`  Who pays: ${req.whoPays}`);
  if (req.deadline !== null) lines.push(`  Deadline: ${req.deadline}`);
  lines.push(
    `  Citation: ${req.citation ?? 'none'} (confidence: ${req.confidence}${req.uncertain ? ', uncertain' : ''})`,
  );
  lines.push(
    '',
    `Law as compiled on ${evaluation.lawAsOf}; the certifying authority applies the statute.`,
  );
  return `${lines.join('\n')}\n`;
}
