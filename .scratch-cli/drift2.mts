import KcAdminClient from '@keycloak/keycloak-admin-client';
const c = new KcAdminClient({ baseUrl: 'http://localhost:38489', realmName: 'master' });
await c.auth({ grantType: 'password', clientId: 'admin-cli', username: 'admin', password: 'admin' });
const realm = 'x1';
await c.realms.update({ realm }, { browserFlow: 'browser' });
const a = await c.authenticationManagement.getRequiredActionForAlias({ realm, alias: 'CONFIGURE_TOTP' });
await c.authenticationManagement.updateRequiredAction({ realm, alias: 'CONFIGURE_TOTP' }, { ...a, enabled: false });
const b = await c.authenticationManagement.getRequiredActionForAlias({ realm, alias: 'keyward-sign-in-details' });
await c.authenticationManagement.updateRequiredAction({ realm, alias: 'keyward-sign-in-details' }, { ...b, enabled: false });
