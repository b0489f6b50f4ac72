import KcAdminClient from '@keycloak/keycloak-admin-client';
const c = new KcAdminClient({ baseUrl: 'http://localhost:38489', realmName: 'master' });
await c.auth({ grantType: 'password', clientId: 'admin-cli', username: 'admin', password: 'admin' });
const realm = 'x1';
const flows = await c.authenticationManagement.getFlows({ realm });
const id = (alias: string) => flows.find((f) => f.alias === alias)!.id!;
const [client] = await c.clients.find({ realm, clientId: 'demo-app' });
await c.clients.update({ realm, id: client!.id! }, { ...client, authenticationFlowBindingOverrides: { browser: id('browser'), direct_grant: id('direct grant') } });
