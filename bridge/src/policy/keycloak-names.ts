/**
 * Policy display names become Keycloak flow and configuration aliases, so an admin can tell in Keycloak's console
 * which flow element belongs to which policy (SPEC §9). Keycloak's admin REST refuses some characters in aliases;
 * the validator uses the same function to make sure two names never end up as one alias.
 */

// Keycloak's ReservedCharValidator: HTTP 400 "Character '(' not allowed." for any of these in an alias.
const RESERVED_IN_ALIASES = /[:/?#@!$&()*+,;=[\]\\]/g;

/** A display name as it appears in Keycloak aliases: each character Keycloak refuses there becomes `-`. */
export function keycloakAliasName(displayName: string): string {
  return displayName.replace(RESERVED_IN_ALIASES, '-');
}
