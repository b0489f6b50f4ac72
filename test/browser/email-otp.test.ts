/**
 * Email one-time codes in Chromium: a user registers the address as an application-initiated action (the code comes
 * through a real SMTP server), then signs in with a code — on a desktop window and on a 390 px phone, where the page
 * must stay usable and accessible (axe-core: no serious or critical violations). Screenshots of the pages go to
 * docs/screenshots/ with KEYWARD_UPDATE_SCREENSHOTS=1.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { setPerUserMfaState } from '../../bridge/src/keycloak/admin/users.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { type ChromiumProfile, launchChromiumProfile } from '../support/chromium.js';
import { browserUrl, enterUsernameAndPassword, SCREENSHOT_DIR } from '../support/page-checks.js';
import { adminClient, createTestRealm, deleteRealm, type TestRealm } from '../support/realm-fixture.js';
import { type SinkMessage, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const server = inject('keycloak');
const kcUrl = browserUrl(server.url);
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
authenticationMethods:
  softwareOath: { state: enabled }
  fido2: { state: disabled }
  email: { state: enabled, codeLength: 8, codeLifetimeInMinutes: 10, resendCooldownInSeconds: 30 }
`;

function codeOf(message: SinkMessage): string {
  const match = /\b(\d{8})\b/.exec(message.text);
  if (!match?.[1]) throw new Error(`No code in the mail: ${message.text}`);
  return match[1];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  // A string, evaluated in the page: this project's TypeScript has no DOM types. Excluded: keycloak.v2's own
  // read-only username box (template.ftl, on every page after the username), whose label points at `username`
  // instead of its id `kc-attempted-username` — Keycloak's, not this page's.
  const violations = (await page.evaluate(
    'axe.run({ exclude: [["#kc-attempted-username"]] }).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, ' +
      'targets: v.nodes.map((node) => node.target.join(" ")) })))',
  )) as { id: string; impact: string | null; targets: string[] }[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.targets.join(', ')}`);
}

describe('email one-time codes, in Chromium', () => {
  let realm: TestRealm;
  let sink: SmtpSink;
  let chromiumProfile: ChromiumProfile | undefined;
  let context: BrowserContext;
  let page: Page;
  let appUrl: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    realm = await createTestRealm(server, 'email-browser', {
      displayName: 'Acme',
      internationalizationEnabled: true,
      supportedLocales: ['en', 'de'],
      defaultLocale: 'en',
      smtpServer: sink.realmSmtpServer(),
    });
    const admin = await adminClient(server);
    appUrl = `${kcUrl}/realms/${realm.name}/app/`;
    await admin.clients.create({
      realm: realm.name,
      clientId: 'portal',
      publicClient: true,
      standardFlowEnabled: true,
      redirectUris: [`${appUrl}*`],
    });
    await admin.users.create({
      realm: realm.name,
      username: 'mara',
      enabled: true,
      email: 'mara.keller@example.test',
      emailVerified: true,
      firstName: 'Mara',
      lastName: 'Keller',
      credentials: [{ type: 'password', value: 'Mara-pass-1', temporary: false }],
    });
    const parsed = parsePolicy(POLICY, 'policy.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(admin, realm.name, parsed.document);

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    chromiumProfile = await launchChromiumProfile({ viewport: { width: 1280, height: 800 } });
    context = chromiumProfile.context;
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await chromiumProfile?.close();
    if (realm) await deleteRealm(realm);
    await sink?.stop();
  });

  const authUrl = (extra = '') =>
    `${kcUrl}/realms/${realm.name}/protocol/openid-connect/auth?client_id=portal&response_type=code&scope=openid` +
    `&redirect_uri=${encodeURIComponent(`${appUrl}callback`)}${extra}`;

  async function signInWithPassword(extra = ''): Promise<void> {
    await page.goto(authUrl(extra));
    await enterUsernameAndPassword(page, 'mara', 'Mara-pass-1');
  }

  it('registers the address (application-initiated), then signs in with a code on desktop and on a phone', async () => {
    const registrationSince = Date.now();
    await signInWithPassword('&kc_action=keyward-email-otp-register');
    await page.waitForSelector('#kc-keyward-email-otp-form');
    expect(await page.textContent('#kc-page-title')).toContain('Verify your email address for sign-in codes');
    expect(await page.isVisible('#kc-keyward-email-otp-cancel')).toBe(true);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'email-otp-register.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'email-otp-register-390.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.textContent('#kc-login')).toContain('Submit');
    const registration = codeOf(
      await sink.nextMessage('mara.keller@example.test', { after: registrationSince }),
    );
    await page.fill('#emailCode', registration);
    await page.click('#kc-login');
    await page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code'));
    expect(new URL(page.url()).searchParams.get('kc_action_status')).toBe('success');
    await context.clearCookies();

    await setPerUserMfaState(await adminClient(server), realm.name, 'mara', 'enforced');
    const since = Date.now();
    await signInWithPassword();
    await page.waitForSelector('#kc-keyward-email-otp-form');
    expect(await page.textContent('#kc-page-title')).toContain('Enter the code we emailed you');
    expect(await page.textContent('body')).toContain('We sent a code to m***@example.test');
    // The code field is labelled and has the focus; the page passes axe's serious and critical rules.
    expect(await page.getAttribute('label[for="emailCode"]', 'for')).toBe('emailCode');
    expect(await page.evaluate('document.activeElement?.id')).toBe('emailCode');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'email-otp-sign-in.png'), fullPage: true });
    const code = codeOf(await sink.nextMessage('mara.keller@example.test', { after: since }));

    await page.fill('#emailCode', code === '00000000' ? '11111111' : '00000000');
    await page.click('#kc-login');
    await page.waitForSelector('#input-error-emailCode');
    expect(await page.textContent('#input-error-emailCode')).toContain('This code is not valid');
    await page.click('#kc-keyward-email-otp-resend');
    await page.waitForSelector('.pf-v5-c-alert');
    expect(await page.textContent('.pf-v5-c-alert')).toContain('You can ask for a new code in');

    await page.setViewportSize({ width: 390, height: 844 });
    // Everything this page shows fits the phone's width (keycloak.v2's hidden "restart login" tooltip sticks out on
    // every page and is not counted).
    for (const selector of [
      '#kc-page-title',
      '.pf-v5-c-alert',
      '#kc-keyward-email-otp-form',
      '#kc-keyward-email-otp-resend',
    ]) {
      const box = await page.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), selector).toBeLessThanOrEqual(390);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'email-otp-sign-in-390.png') });
    await page.fill('#emailCode', code);
    await page.click('#kc-login');
    await page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code'));
    await context.clearCookies();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('speaks German', async () => {
    await signInWithPassword('&ui_locales=de');
    await page.waitForSelector('#kc-keyward-email-otp-form');
    expect(await page.textContent('#kc-page-title')).toContain('Geben Sie den Code aus der E-Mail ein');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'email-otp-sign-in-de.png'), fullPage: true });
    await context.clearCookies();
  });
});
