/** The events partners can subscribe to. */
export const PARTNER_EVENT_TYPES = [
  'results.version',
  'race.call',
  'recount.status',
  'audit.round',
] as const;

/** One of the partner event types. */
export type PartnerEventType = (typeof PARTNER_EVENT_TYPES)[number];

/** True when a string names a partner event type. */
export function isPartnerEventType(value: string): value is PartnerEventType {
  return (PARTNER_EVENT_TYPES as readonly string[]).includes(value);
}

/** The JSON body of every delivery (and of every item the re-fetch API returns). */
export interface PartnerEvent {
  readonly id: string;
  readonly type: PartnerEventType;
  readonly electionId: string;
  readonly createdAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}
