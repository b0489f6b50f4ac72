import { LoginBrowser } from './test/support/login-driver.js';
const flows = await Promise.all(Array.from({ length: 20 }, async () => {
  const browser = new LoginBrowser('http://localhost:18280');
  const flow = await browser.startSignIn({ realm: 'taphand', clientId: 'test-app', redirectUri: 'http://localhost:0/callback' });
  await flow.submit({ username: 'alice' });
  return flow;
}));
for (const f of flows) console.log(f.page.kind, f.page.pageId, f.page.errorMessage, f.page.message?.text);
