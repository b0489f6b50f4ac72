/**
 * Signing in to the portal: OpenID Connect authorization code with PKCE (S256), state and nonce, against the
 * realm's Keycloak, through openid-client. The realm's metadata is read through `keycloakUrl` (where the bridge
 * reaches Keycloak) and must name one of the issuers the bridge trusts, or the portal refuses to sign anyone in.
 */
import * as oidc from 'openid-client';
import { KeywardError } from '../errors.js';

/** What the callback must find again: kept in a sealed cookie between the redirect and the callback. */
export interface LoginState {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The Keycloak required action asked for (`kc_action`), when the sign-in adds a method. */
  action?: string;
}

/** Who signed in, from the verified ID token. */
export interface SignedInUser {
  subject: string;
  /** Keycloak's user session (`sid`): the portal session lives only as long as it does. */
  sessionId: string;
  username: string;
  name: string;
}

/** The sign-in side of the portal for the realms the bridge trusts. */
export interface PortalSignIn {
  /** Where to send the browser, and the state the callback checks. */
  start(
    realm: string,
    redirectUri: string,
    options?: { action?: string; locale?: string },
  ): Promise<{ url: string; login: LoginState }>;
  /** Exchanges the code of `callbackUrl` and verifies the ID token; INVALID_TOKEN for anything off. */
  finish(realm: string, callbackUrl: URL, login: LoginState): Promise<SignedInUser>;
  /** Origins a form may lead to (CSP `form-action`): Keycloak's authorization endpoint for `realm`. */
  authorizationOrigin(realm: string): Promise<string>;
}

/**
 * Sign-in for `trustedIssuers` (realm → issuer). Each realm's configuration is discovered once per instance;
 * a failed discovery is not cached, so a Keycloak that was down is asked again on the next sign-in.
 */
export function createPortalSignIn(options: {
  keycloakUrl: string;
  clientId: string;
  trustedIssuers: ReadonlyMap<string, string>;
}): PortalSignIn {
  const configurations = new Map<string, Promise<oidc.Configuration>>();

  const configurationOf = (realm: string): Promise<oidc.Configuration> => {
    let configuration = configurations.get(realm);
    if (!configuration) {
      configuration = discover(realm);
      configurations.set(realm, configuration);
      configuration.catch(() => configurations.delete(realm));
    }
    return configuration;
  };

  const discover = async (realm: string): Promise<oidc.Configuration> => {
    const expectedIssuer = options.trustedIssuers.get(realm);
    if (!expectedIssuer)
      throw new KeywardError('REALM_NOT_FOUND', `The portal does not serve realm '${realm}'.`);
    const url = `${options.keycloakUrl}/realms/${encodeURIComponent(realm)}/.well-known/openid-configuration`;
    let metadata: oidc.ServerMetadata;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) {
        throw new KeywardError(
          response.status === 404 ? 'REALM_NOT_FOUND' : 'KEYCLOAK_REQUEST_FAILED',
          `Keycloak answered HTTP ${response.status} for realm '${realm}''s OpenID configuration.`,
        );
      }
      metadata = (await response.json()) as oidc.ServerMetadata;
    } catch (error) {
      if (error instanceof KeywardError) throw error;
      throw new KeywardError('KEYCLOAK_UNAVAILABLE', `Keycloak at ${options.keycloakUrl} does not answer.`, {
        cause: error,
      });
    }
    if (metadata.issuer !== expectedIssuer) {
      throw new KeywardError(
        'KEYCLOAK_REQUEST_FAILED',
        `Realm '${realm}' names its issuer '${metadata.issuer}', not the trusted '${expectedIssuer}'; ` +
          'set KEYWARD_TRUSTED_ISSUERS to the public issuer.',
      );
    }
    const configuration = new oidc.Configuration(metadata, options.clientId, undefined, oidc.None());
    if (new URL(options.keycloakUrl).protocol === 'http:') oidc.allowInsecureRequests(configuration);
    return configuration;
  };

  return {
    async start(realm, redirectUri, startOptions = {}) {
      const configuration = await configurationOf(realm);
      const login: LoginState = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        ...(startOptions.action ? { action: startOptions.action } : {}),
      };
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid',
        state: login.state,
        nonce: login.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(login.codeVerifier),
        code_challenge_method: 'S256',
        ...(startOptions.action ? { kc_action: startOptions.action } : {}),
        ...(startOptions.locale ? { ui_locales: startOptions.locale } : {}),
      });
      return { url: url.href, login };
    },

    async finish(realm, callbackUrl, login) {
      const configuration = await configurationOf(realm);
      let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
      try {
        tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
          pkceCodeVerifier: login.codeVerifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new KeywardError('INVALID_TOKEN', 'The sign-in could not be completed.', { cause: error });
      }
      const claims = tokens.claims();
      if (!claims || typeof claims.sid !== 'string' || claims.sid === '') {
        throw new KeywardError('INVALID_TOKEN', 'The ID token names no Keycloak session (sid).');
      }
      const username = typeof claims.preferred_username === 'string' ? claims.preferred_username : claims.sub;
      return {
        subject: claims.sub,
        sessionId: claims.sid,
        username,
        name: typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name : username,
      };
    },

    async authorizationOrigin(realm) {
      const configuration = await configurationOf(realm);
      return new URL(String(configuration.serverMetadata().authorization_endpoint)).origin;
    },
  };
}
