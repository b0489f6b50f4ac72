import { LoginBrowser } from '../test/support/login-driver.ts';
for (const realm of process.argv.slice(2)) {
  const flow = await new LoginBrowser('http://localhost:38489').startSignIn({ realm, clientId: 'demo-app', redirectUri: 'http://localhost:3000/callback' });
  const page = await flow.submitPassword('bob', 'Demo-Bob-1');
  console.log(realm, page.kind, page.errorMessage ?? '', page.title);
}
