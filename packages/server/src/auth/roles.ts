/** Who can do what. `public` needs no account: reads are open to everyone. */
export const ROLES = ['state-admin', 'county-official', 'auditor', 'partner', 'public'] as const;

/** One of the roles. */
export type Role = (typeof ROLES)[number];

/** Actions that need more than the public role. */
export type Permission =
  | 'define-election'
  | 'submit-results'
  | 'approve-held'
  | 'manage-accounts'
  | 'audit'
  | 'partner-feed';

const GRANTS: Record<Role, readonly Permission[]> = {
  'state-admin': [
    'define-election',
    'submit-results',
    'approve-held',
    'manage-accounts',
    'audit',
    'partner-feed',
  ],
  'county-official': ['submit-results'],
  auditor: ['audit'],
  partner: ['partner-feed'],
  public: [],
};

/** The authenticated caller of a request. */
export interface Principal {
  readonly userId: number | null;
  readonly name: string;
  readonly role: Role;
  /** For a county official: the counties (lower-case names) they may submit for. */
  readonly counties: readonly string[];
  /** How the caller authenticated. */
  readonly via: 'token' | 'session' | 'admin-token';
}

/** Whether a role has a permission. */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** True when a string is one of the roles. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
