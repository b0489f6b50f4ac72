import type { UserProfileAttributeSpec } from './realm-fragment.js';

/**
 * The per-user version that remember-MFA marks are bound to (SPEC §3.7): "revoke MFA sessions" and "require
 * re-register MFA" increment it, and a mark issued under an older version no longer counts. Absent means 0.
 */
export const MFA_SESSION_VERSION_ATTRIBUTE = 'keyward.mfaSessionVersion';

/**
 * Its user-profile declaration: declared, Keycloak keeps it through admin updates and realm export/import;
 * admin-only, so a user cannot reset their own version through the account API to revive an old mark.
 */
export function mfaSessionVersionProfileAttribute(): UserProfileAttributeSpec {
  return {
    name: MFA_SESSION_VERSION_ATTRIBUTE,
    displayName: 'MFA session version (Keyward)',
    permissions: { view: ['admin'], edit: ['admin'] },
    validations: {},
    multivalued: false,
  };
}
