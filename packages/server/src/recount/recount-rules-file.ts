import { readFileSync } from 'node:fs';
import { parseRecountRules, type RecountRules } from '@canvass/core';

/** The recount-rules table shipped with the project (50 states and DC). */
export const RECOUNT_RULES_URL = new URL(
  '../../../../data/recount/recount-rules.json',
  import.meta.url,
);

/** The rules file could not be read or did not validate. */
export class RecountRulesFileError extends Error {
  override readonly name = 'RecountRulesFileError';
}

let cached: RecountRules | null = null;

/**
 * Reads and validates a recount-rules JSON file; every zod issue is listed with its path.
 * @example const rules = readRecountRules(RECOUNT_RULES_URL);
 */
export function readRecountRules(file: URL | string): RecountRules {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RecountRulesFileError(
      `${String(file)}: cannot read the recount rules: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = parseRecountRules(json);
  if (!parsed.ok) {
    const issues = parsed.error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw new RecountRulesFileError(
      `${String(file)}: invalid recount rules:\n  ${issues.join('\n  ')}`,
    );
  }
  return parsed.value;
}

/**
 * The shipped recount rules, read and validated once per process (the file is project data and
 * does not change while a server runs).
 */
export function shippedRecountRules(): RecountRules {
  cached ??= readRecountRules(RECOUNT_RULES_URL);
  return cached;
}
