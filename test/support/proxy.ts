/**
 * Signing in as if through a reverse proxy. The integration Keycloak runs with `--proxy-headers=xforwarded` and trusts
 * {@link TRUSTED_PROXY_ADDRESS} only, so a request whose socket is bound to that loopback address has its
 * `X-Forwarded-For` believed, and the same header from 127.0.0.1 is ignored (SPEC §3: the client IP as Keycloak
 * resolves it behind its configured proxy).
 */
import { Agent, fetch as undiciFetch } from 'undici';

/** The loopback address the test Keycloak trusts as a reverse proxy (`--proxy-trusted-addresses`). */
export const TRUSTED_PROXY_ADDRESS = '127.0.0.2';

/** The loopback address requests come from by default: not a trusted proxy. */
export const UNTRUSTED_ADDRESS = '127.0.0.1';

const agents = new Map<string, Agent>();

/** A fetch whose connections leave from `localAddress` (any 127.0.0.0/8 address works on Linux loopback). */
export function fetchFrom(localAddress: string): typeof fetch {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new Agent({ localAddress });
    agents.set(localAddress, agent);
  }
  const dispatcher = agent;
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
}

/** What a login browser or password grant needs to present `clientIp` through the trusted proxy. */
export function viaTrustedProxy(clientIp: string): { fetch: typeof fetch; headers: Record<string, string> } {
  return { fetch: fetchFrom(TRUSTED_PROXY_ADDRESS), headers: { 'x-forwarded-for': clientIp } };
}
