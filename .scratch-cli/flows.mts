import KcAdminClient from '@keycloak/keycloak-admin-client';
const c = new KcAdminClient({ baseUrl: 'http://localhost:38489', realmName: 'master' });
await c.auth({ grantType: 'password', clientId: 'admin-cli', username: 'admin', password: 'admin' });
const realm = process.argv[2]!;
console.log((await c.authenticationManagement.getFlows({ realm })).map((f) => f.alias));
const r = await c.realms.findOne({ realm });
console.log(r?.browserFlow, r?.directGrantFlow);
