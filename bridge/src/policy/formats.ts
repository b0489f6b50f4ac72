import ipaddr from 'ipaddr.js';
import { POLICY_FORMATS } from './schema.js';

/**
 * The custom string formats of the policy schema. Each returns what is wrong with a value, naming the value
 * (undefined when it is fine), so the same function serves ajv's yes/no check and the message an admin reads.
 */

/**
 * Why `value` is not a usable CIDR range. Strict on purpose: ipaddr.js alone would accept `10.1/8` and
 * hexadecimal octets, and a range with host bits set (`10.1.2.3/8`) is more likely a typo than a wish.
 */
export function cidrProblem(value: string): string | undefined {
  const parts = value.split('/');
  const [address, prefixText] = parts;
  if (parts.length !== 2 || address === undefined || prefixText === undefined) {
    return `expected an address and a prefix length such as 203.0.113.0/24 or 2001:db8::/48, found '${value}'`;
  }
  const isV4 = ipaddr.IPv4.isValidFourPartDecimal(address);
  const isV6 = !isV4 && !address.includes('%') && ipaddr.IPv6.isValid(address);
  if (!isV4 && !isV6) return `'${address}' is not an IPv4 or IPv6 address`;
  const maxPrefix = isV4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
    return `prefix length must be 0..${maxPrefix} for ${isV4 ? 'IPv4' : 'IPv6'}, found '${prefixText}'`;
  }
  const network = (isV4 ? ipaddr.IPv4 : ipaddr.IPv6).networkAddressFromCIDR(value);
  if (network.toString() !== ipaddr.parse(address).toString()) {
    return `host bits are set; the range is ${network.toString()}/${Number(prefixText)}`;
  }
  return undefined;
}

/** Why `value` is not `role` or `client/role`. */
export function keycloakRoleProblem(value: string): string | undefined {
  const parts = value.split('/');
  const wellFormed = parts.length <= 2 && parts.every((part) => part !== '' && part.trim() === part);
  return wellFormed
    ? undefined
    : `expected a realm role (role) or a client role (client/role), found '${value}'`;
}

/** Why `value` is not a Keycloak group path such as `/it/onboarding`. */
export function groupPathProblem(value: string): string | undefined {
  const segments = value.split('/');
  const wellFormed = value.startsWith('/') && segments.slice(1).every((segment) => segment !== '');
  return wellFormed
    ? undefined
    : `expected a group path that starts with / such as /it/onboarding, found '${value}'`;
}

/** Why `value` is not `all` or `group:/path`. */
export function methodTargetProblem(value: string): string | undefined {
  if (value === 'all') return undefined;
  if (value.startsWith('group:') && groupPathProblem(value.slice('group:'.length)) === undefined)
    return undefined;
  return `expected 'all' or 'group:/path' such as group:/it/onboarding, found '${value}'`;
}

/** Problem finders by format name, registered with ajv and consulted again to word the message. */
export const formatProblems: Record<string, (value: string) => string | undefined> = {
  [POLICY_FORMATS.cidr]: cidrProblem,
  [POLICY_FORMATS.keycloakRole]: keycloakRoleProblem,
  [POLICY_FORMATS.groupPath]: groupPathProblem,
  [POLICY_FORMATS.methodTarget]: methodTargetProblem,
};
