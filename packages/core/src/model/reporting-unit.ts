import { z } from 'zod';

/** The levels of geography a result is reported for. `pseudo` units have no geography. */
export const UNIT_KINDS = ['state', 'county', 'precinct', 'pseudo'] as const;

/**
 * What a pseudo-precinct holds: ballots counted centrally rather than in a place
 * (absentee, provisional, early, mail, a central count, or something else).
 */
export const PSEUDO_KINDS = [
  'absentee',
  'provisional',
  'early',
  'mail',
  'central',
  'other',
] as const;

/** Zod schema for {@link PseudoKind}. */
export const PseudoKindSchema = z.enum(PSEUDO_KINDS);

/** What a pseudo-precinct holds. */
export type PseudoKind = z.infer<typeof PseudoKindSchema>;

/** Zod schema for {@link ReportingUnit}. */
export const ReportingUnitSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    kind: z.enum(UNIT_KINDS),
    /** The enclosing unit (a precinct's county); null for the root. */
    parentId: z.string().min(1).nullable(),
    /** Set only on pseudo units. */
    pseudoKind: PseudoKindSchema.nullable(),
    /** Extra identifying columns from the source (town, ward, ...), part of the unit's identity. */
    attributes: z.record(z.string(), z.string()),
  })
  .readonly();

/** A place (or pseudo-place) that results are reported for. */
export type ReportingUnit = z.infer<typeof ReportingUnitSchema>;
