/**
 * The client the self-service portal signs users in with, one per realm: public (the portal proves itself with
 * PKCE, not a secret, so one bridge serves many realms without a secret per realm), standard flow only, exact
 * redirect URI. Provisioned by `keyward provision-bridge --portal-url`, `keyward up` and the test set-up.
 */
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { KeywardError } from '../../errors.js';
import { PORTAL_CLIENT_ID, portalCallbackUrl, portalHomeUrl } from '../../portal/config.js';

/** Creates or updates the portal's client in `realm` for a portal served at `publicUrl`. Idempotent. */
export async function ensurePortalClient(
  client: KcAdminClient,
  realm: string,
  options: { publicUrl: string; clientId?: string },
): Promise<void> {
  const clientId = options.clientId ?? PORTAL_CLIENT_ID;
  if (!URL.canParse(options.publicUrl)) {
    throw new KeywardError('INVALID_ARGUMENT', `Portal URL '${options.publicUrl}' is not a URL.`);
  }
  const representation = {
    clientId,
    name: 'Keyward security info',
    description: 'The Keyward self-service portal (security info, app passwords). Managed by Keyward.',
    enabled: true,
    publicClient: true,
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    frontchannelLogout: false,
    redirectUris: [portalCallbackUrl(options.publicUrl, realm)],
    webOrigins: [],
    baseUrl: portalHomeUrl(options.publicUrl, realm),
    attributes: {
      'pkce.code.challenge.method': 'S256',
      'post.logout.redirect.uris': portalHomeUrl(options.publicUrl, realm),
    },
  };
  const [found] = await client.clients.find({ realm, clientId });
  if (found?.id) {
    await client.clients.update(
      { realm, id: found.id },
      { ...found, ...representation, attributes: { ...found.attributes, ...representation.attributes } },
    );
  } else {
    await client.clients.create({ realm, ...representation });
  }
}
