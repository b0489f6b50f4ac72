/**
 * Checks a login page in Chromium the way test/browser/pages.test.ts does for every page: axe-core's serious and
 * critical violations, and what reaches past the right edge of the viewport. The code that runs in the page is a
 * string: the repository's TypeScript has no DOM types, and the page is not the test's process.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * The Keycloak URL a browser test uses: WebAuthn needs a domain as relying-party id; `localhost` is one, and a
 * secure context for Chromium (`127.0.0.1` is neither).
 */
export const browserUrl = (keycloakUrl: string): string => keycloakUrl.replace('//127.0.0.1', '//localhost');

/** Whether this run refreshes the committed screenshots (`KEYWARD_UPDATE_SCREENSHOTS=1`). */
export const UPDATE_SCREENSHOTS = process.env.KEYWARD_UPDATE_SCREENSHOTS === '1';

/** Where screenshots go: docs/screenshots/ when refreshing them, else a scratch directory. */
export const SCREENSHOT_DIR = UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
  : join(tmpdir(), 'keyward-screenshots');

/** Serious and critical axe-core violations of the page, with the elements that break each rule. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const results = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] })",
  )) as axe.AxeResults;
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ` +
        violation.nodes.map((node) => node.target.join(' ')).join(', '),
    );
}

/** Elements that reach past the right edge of the viewport (what makes a phone page scroll sideways). */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const offenders = [];
    if (document.documentElement.scrollWidth > width) {
      offenders.push('document is ' + document.documentElement.scrollWidth + 'px wide, viewport ' + width + 'px');
    }
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0) continue;
      if (box.right > width + 1) {
        offenders.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + ' ends at ' +
          Math.round(box.right) + 'px');
      }
    }
    return offenders.slice(0, 10);
  })()`)) as string[];
}

/**
 * Username and password through Keyward's sign-in page(s), in Chromium: one page with both fields (Keycloak's own
 * sign-in page, Keyward's first factor without the TAP), or, where the policy enables the TAP, the username page
 * first and then the password page.
 */
export async function enterUsernameAndPassword(
  page: Page,
  username: string,
  password: string,
): Promise<void> {
  await page.fill('#username', username);
  if (!(await page.isVisible('#password'))) {
    await page.click('#kc-login');
    await page.waitForSelector('#password');
  }
  await page.fill('#password', password);
  await page.click('#kc-login');
}
