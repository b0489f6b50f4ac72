/**
 * Every Keyward login page reachable today, in real Chromium, at a desktop (1280 px) and a phone (390 px) width:
 * axe-core finds no serious or critical accessibility violation, and nothing is wider than the phone's screen.
 * With KEYWARD_UPDATE_SCREENSHOTS=1 each page is saved as docs/screenshots/<page>-desktop.png and -phone.png (the user
 * guide shows them).
 *
 * Adding a page is one entry in PAGES: a name and how a fresh browser gets there. The realm below has what the
 * entries need (users with and without methods, a pass, a blocking and a phishing-resistant policy); extend it when
 * a page needs more.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDocument } from '../../bridge/src/keycloak/admin/reconcile.js';
import { issueTemporaryAccessPass } from '../../bridge/src/keycloak/admin/tap.js';
import { parsePolicy } from '../../bridge/src/policy/index.js';
import { launchChromium } from '../support/chromium.js';
import {
  browserUrl,
  horizontalOverflow,
  SCREENSHOT_DIR,
  seriousViolations,
  UPDATE_SCREENSHOTS,
} from '../support/page-checks.js';
import {
  addRecoveryCodes,
  addTotp,
  adminClient,
  createTestRealm,
  createUser,
  deleteRealm,
  type TestRealm,
} from '../support/realm-fixture.js';

const server = inject('keycloak');
const kcUrl = browserUrl(server.url);
const SCREENSHOTS = UPDATE_SCREENSHOTS;

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

const POLICY = `apiVersion: keyward/v1
securityDefaults: { isEnabled: false }
authenticationMethods:
  softwareOath: { state: enabled, includeTargets: [all] }
  fido2: { state: enabled, includeTargets: [all] }
  recoveryCodes: { state: enabled }
  temporaryAccessPass: { state: enabled, includeTargets: [all], isUsableOnce: false }
conditionalAccessPolicies:
  - displayName: MFA for everyone
    state: enabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [All] }
    grantControls: { operator: OR, builtInControls: [mfa] }
  - displayName: Block suspended accounts
    state: enabled
    conditions:
      users: { includeGroups: [/suspended] }
      applications: { includeApplications: [All] }
    grantControls: { operator: OR, builtInControls: [block] }
  - displayName: Phishing-resistant sign-in for payroll
    state: enabled
    conditions:
      users: { includeUsers: [All] }
      applications: { includeApplications: [payroll] }
    grantControls: { operator: OR, builtInControls: [], authenticationStrength: phishingResistantMfa }
`;

/** What an entry's `reach` gets: the page of a fresh browser, and where to send it. */
interface Visit {
  page: Page;
  /**
   * The authorization request of `client` (default `portal`), optionally in another language; in the realm whose
   * policy enables the TAP (identity first), or with `realm: 'plain'` in one without it (one sign-in page).
   */
  signInUrl(options?: { client?: string; locale?: string; realm?: 'plain' }): string;
  /** The Temporary Access Pass of the user `tapper`. */
  pass: string;
}

/** One login page: its file name in docs/screenshots/ and how a fresh browser reaches it. */
interface PageEntry {
  name: string;
  reach(visit: Visit): Promise<void>;
}

async function enterUsername(page: Page, username: string): Promise<void> {
  await page.fill('#username', username);
  await page.click('#kc-login');
}

async function signInWithPassword(page: Page, username: string, password: string): Promise<void> {
  await enterUsername(page, username);
  await page.fill('#password', password);
  await page.click('#kc-login');
}

async function openMethodPicker(visit: Visit, locale?: string): Promise<void> {
  await visit.page.goto(visit.signInUrl({ locale }));
  await signInWithPassword(visit.page, 'pat', 'Pat-pass-1');
  await visit.page.click('#try-another-way');
  await visit.page.waitForSelector('#kc-select-credential-form');
}

/** The pages. Others add theirs here (registration wizard, email code, remember-MFA). */
const PAGES: PageEntry[] = [
  {
    name: 'sign-in',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl({ realm: 'plain' }));
      await page.waitForSelector('#password');
    },
  },
  {
    name: 'sign-in-wrong-password',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl({ realm: 'plain' }));
      await page.fill('#username', 'pat');
      await page.fill('#password', 'not-the-password');
      await page.click('#kc-login');
      await page.waitForSelector('#input-error-username');
    },
  },
  {
    name: 'username',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl());
      await page.waitForSelector('#username');
    },
  },
  {
    name: 'password',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl());
      await enterUsername(page, 'pat');
      await page.waitForSelector('#password');
    },
  },
  {
    name: 'password-wrong',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl());
      await signInWithPassword(page, 'pat', 'not-the-password');
      await page.waitForSelector('#input-error-password');
    },
  },
  {
    name: 'otp',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl());
      await signInWithPassword(page, 'pat', 'Pat-pass-1');
      await page.waitForSelector('#kc-otp-login-form');
    },
  },
  {
    name: 'method-picker',
    reach: (visit) => openMethodPicker(visit),
  },
  {
    name: 'method-picker-de',
    reach: (visit) => openMethodPicker(visit, 'de'),
  },
  {
    name: 'recovery-code',
    reach: async (visit) => {
      await openMethodPicker(visit);
      await visit.page.click('#kc-keyward-method-auth-recovery-authn-code-form');
      await visit.page.waitForSelector('#keywardDefaultMethod');
    },
  },
  {
    name: 'security-info',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl());
      await signInWithPassword(page, 'nia', 'Nia-pass-1');
      await page.waitForSelector('#kc-keyward-security-info-form');
    },
  },
  {
    name: 'configure-totp',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl());
      await signInWithPassword(page, 'nia', 'Nia-pass-1');
      await page.click('#kc-keyward-security-info-authenticatorApp');
      await page.waitForSelector('#kc-totp-settings-form');
    },
  },
  {
    name: 'tap-sign-in',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl());
      await enterUsername(page, 'tapper');
      await page.waitForSelector('#kc-keyward-tap-form');
    },
  },
  {
    name: 'tap-sign-in-wrong-code',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl());
      await enterUsername(page, 'tapper');
      await page.fill('#temporaryAccessPass', 'WRONGPASS9');
      await page.click('#kc-login');
      await page.waitForSelector('#input-error-temporaryAccessPass');
    },
  },
  {
    name: 'tap-onboarding',
    reach: async ({ page, signInUrl, pass }) => {
      await page.goto(signInUrl());
      await enterUsername(page, 'tapper');
      await page.fill('#temporaryAccessPass', pass);
      await page.click('#kc-login');
      await page.waitForSelector('#kc-keyward-tap-onboarding-form');
    },
  },
  {
    name: 'blocked-by-policy',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl());
      await signInWithPassword(page, 'sid', 'Sid-pass-1');
      await page.waitForSelector('#kc-error-message');
    },
  },
  {
    name: 'strength-unreachable',
    reach: async ({ page, signInUrl }) => {
      await page.goto(signInUrl({ client: 'payroll' }));
      await signInWithPassword(page, 'pat', 'Pat-pass-1');
      await page.waitForSelector('#kc-error-message');
    },
  },
];

/** Serious and critical axe-core violations of the page, with the elements that break each rule. */
describe('Keyward login pages: accessible and fitting a phone', () => {
  let realm: TestRealm;
  let plainRealm: TestRealm;
  let browser: Browser;
  let pass: string;

  beforeAll(async () => {
    realm = await createTestRealm(server, 'pages', {
      displayName: 'Acme',
      internationalizationEnabled: true,
      supportedLocales: ['en', 'de'],
      defaultLocale: 'en',
    });
    const admin = await adminClient(server);
    for (const clientId of ['portal', 'payroll']) {
      await admin.clients.create({
        realm: realm.name,
        clientId,
        publicClient: true,
        standardFlowEnabled: true,
        redirectUris: [`${kcUrl}/realms/${realm.name}/app/*`],
      });
    }
    // Methods registered through Keycloak's stock pages, before Keyward takes the realm over.
    const pat = await createUser(realm, { username: 'pat', password: 'Pat-pass-1' });
    await addRecoveryCodes(realm, pat, await addTotp(realm, pat));
    await createUser(realm, { username: 'nia', password: 'Nia-pass-1' });
    await createUser(realm, { username: 'sid', password: 'Sid-pass-1', groups: ['suspended'] });
    const { id: tapperId } = await admin.users.create({
      realm: realm.name,
      username: 'tapper',
      enabled: true,
      email: 'tapper@example.test',
      emailVerified: true,
      firstName: 'Tess',
      lastName: 'Tapper',
    });
    const parsed = parsePolicy(POLICY, 'policy.yaml');
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(admin, realm.name, parsed.document);
    pass = (await issueTemporaryAccessPass(admin, realm.name, tapperId, {})).temporaryAccessPass;

    // The same policy without the TAP: Keycloak's one-page sign-in.
    plainRealm = await createTestRealm(server, 'pages-plain', { displayName: 'Acme' });
    await admin.clients.create({
      realm: plainRealm.name,
      clientId: 'portal',
      publicClient: true,
      standardFlowEnabled: true,
      redirectUris: [`${kcUrl}/realms/${plainRealm.name}/app/*`],
    });
    await createUser(plainRealm, { username: 'pat', password: 'Pat-pass-1' });
    const plain = parsePolicy(POLICY.replace(/^ {2}temporaryAccessPass:.*\n/m, ''), 'plain.yaml');
    if (!plain.ok) throw new Error(plain.issues.map((issue) => issue.message).join('\n'));
    await applyDocument(admin, plainRealm.name, plain.document);

    if (SCREENSHOTS) await mkdir(SCREENSHOT_DIR, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (realm) await deleteRealm(realm);
    if (plainRealm) await deleteRealm(plainRealm);
  });

  const signInUrl: Visit['signInUrl'] = ({ client = 'portal', locale, realm: which } = {}) => {
    const name = which === 'plain' ? plainRealm.name : realm.name;
    const redirect = `${kcUrl}/realms/${name}/app/callback`;
    return (
      `${kcUrl}/realms/${name}/protocol/openid-connect/auth?client_id=${client}&response_type=code` +
      `&scope=openid&redirect_uri=${encodeURIComponent(redirect)}${locale ? `&ui_locales=${locale}` : ''}`
    );
  };

  describe.each(PAGES)('$name', (entry) => {
    it.each(Object.entries(VIEWPORTS))(
      'at %s width: no serious axe violation, no sideways scrolling',
      async (viewportName, viewport) => {
        const context = await browser.newContext({ viewport, locale: 'en-GB', deviceScaleFactor: 1 });
        try {
          const page = await context.newPage();
          await entry.reach({ page, signInUrl, pass });
          await page.waitForLoadState('networkidle');
          if (SCREENSHOTS) {
            await page.screenshot({
              path: `${SCREENSHOT_DIR}${entry.name}-${viewportName}.png`,
              fullPage: true,
            });
          }
          expect(await seriousViolations(page)).toEqual([]);
          if (viewportName === 'phone') expect(await horizontalOverflow(page)).toEqual([]);
        } finally {
          await context.close();
        }
      },
    );
  });
});
