import type { PolicyDocument } from '../policy/types.js';

/** Keycloak's own clients for its administration: security defaults always ask MFA for them. */
export const ADMIN_CLIENTS = ['security-admin-console', 'admin-cli'] as const;

/** Realm role that the bridge's admin routes require. */
export const KEYWARD_ADMIN_ROLE = 'keyward-admin';

/** Keycloak stores multivalued authenticator configuration joined with `##`. */
export const joinMultivalued = (values: readonly string[]): string => values.join('##');

/** MFA methods the compiler can offer as a second factor today. */
export type CompiledMfaMethod = 'softwareOath' | 'fido2';

/** The second-factor methods the document enables, most secure last (Keycloak shows the first alternative). */
export function enabledMfaMethods(document: PolicyDocument): CompiledMfaMethod[] {
  const methods: CompiledMfaMethod[] = [];
  if (document.authenticationMethods.softwareOath.state === 'enabled') methods.push('softwareOath');
  if (document.authenticationMethods.fido2.state === 'enabled') methods.push('fido2');
  return methods;
}

/** A JSON value with every object's keys sorted, so that equal values always serialise to the same text. */
export function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonicalJson((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
