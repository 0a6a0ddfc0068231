import { err, ok, type Result } from '../util/result.ts';
import { RecountRulesSchema, type RecountRules } from './rules-schema.ts';

/** Why the recount-rules JSON was refused: each problem with its path in the document. */
export interface RecountRulesError {
  readonly code: 'invalid-recount-rules';
  readonly issues: readonly { readonly path: string; readonly message: string }[];
}

/**
 * Validates the recount-rules JSON (data/recount/recount-rules.json) that the caller has read.
 * @example
 * const parsed = parseRecountRules(JSON.parse(text));
 * if (parsed.ok) evaluateRecount(parsed.value, input);
 */
export function parseRecountRules(json: unknown): Result<RecountRules, RecountRulesError> {
  const parsed = RecountRulesSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  return err({
    code: 'invalid-recount-rules',
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  });
}
