import KcAdminClient from '@keycloak/keycloak-admin-client';
const c = new KcAdminClient({ baseUrl: 'http://localhost:38489', realmName: 'master' });
await c.auth({ grantType: 'password', clientId: 'admin-cli', username: 'admin', password: 'admin' });
await c.realms.create({ realm: 'explore1', enabled: true });
const ra = await c.authenticationManagement.getRequiredActions({ realm: 'explore1' } as never);
console.log(JSON.stringify(ra.map((a:any)=>({alias:a.alias,name:a.name,enabled:a.enabled,priority:a.priority,providerId:a.providerId,defaultAction:a.defaultAction}))));
const un = await c.authenticationManagement.getUnregisteredRequiredActions({ realm: 'explore1' } as never);
console.log(JSON.stringify(un));
await c.realms.del({ realm: 'explore1' });
