/** Why an audit step was refused; the codes map onto the API's error codes. */
export interface AuditFailure {
  readonly code: 'not-found' | 'bad-request' | 'conflict' | 'rejected' | 'forbidden';
  readonly message: string;
  readonly details?: unknown;
}

/** Thrown inside a store transaction to roll it back and report the failure. */
export class AuditRefusal extends Error {
  readonly failure: AuditFailure;

  constructor(failure: AuditFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** Throws an {@link AuditRefusal}. */
export function refuse(code: AuditFailure['code'], message: string, details?: unknown): never {
  throw new AuditRefusal(details === undefined ? { code, message } : { code, message, details });
}
