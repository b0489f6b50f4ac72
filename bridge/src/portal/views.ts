/**
 * The portal's pages as HTML strings. Pure: every value from outside goes through {@link escapeHtml}; no
 * scripts, no inline styles, so the Content-Security-Policy can forbid both.
 */
import { type MessageKey, message, type PortalLocale } from './messages.js';
import type { AddableMethod, MethodKind, MethodRow } from './methods.js';

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The portal pages' navigation entries. */
export type PortalPage = 'securityInfo' | 'appPasswords';

/** What every page of a signed-in user needs. */
export interface PageFrame {
  locale: PortalLocale;
  /** Path of the realm's portal, ending in `/` (`/portal/acme/`). */
  base: string;
  /** Path of the stylesheet. */
  stylesheet: string;
  realmName: string;
  /** Absent on pages shown without a session (signed out, errors before sign-in). */
  user?: { name: string; username: string; csrf: string };
  /** Pages in the navigation; the app-password page is listed only when the realm allows them. */
  pages: readonly PortalPage[];
}

const PAGE_PATHS: Record<PortalPage, string> = { securityInfo: '', appPasswords: 'app-passwords' };

/** A hidden CSRF field for forms. */
const csrfField = (frame: PageFrame) =>
  frame.user ? `<input type="hidden" name="csrf" value="${escapeHtml(frame.user.csrf)}">` : '';

function layout(frame: PageFrame, title: string, current: PortalPage | undefined, body: string): string {
  const t = (key: MessageKey, ...args: string[]) => escapeHtml(message(frame.locale, key, ...args));
  const user = frame.user
    ? `<div class="kw-user"><span>${t('signedInAs', frame.user.name)}</span>` +
      `<form method="post" action="${escapeHtml(frame.base)}signout">${csrfField(frame)}` +
      `<button type="submit" class="kw-button kw-button-link" id="kw-sign-out">${t('signOut')}</button></form></div>`
    : '';
  const nav = frame.user
    ? `<nav class="kw-nav" aria-label="${t('portalNav')}"><ul>${frame.pages
        .map(
          (page) =>
            `<li><a href="${escapeHtml(frame.base + PAGE_PATHS[page])}"${page === current ? ' aria-current="page"' : ''}>${t(page)}</a></li>`,
        )
        .join('')}</ul></nav>`
    : '';
  return `<!DOCTYPE html>
<html lang="${frame.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ${escapeHtml(frame.realmName)}</title>
<link rel="stylesheet" href="${escapeHtml(frame.stylesheet)}">
</head>
<body>
<a class="kw-skip" href="#kw-main">${t('skipToContent')}</a>
<header class="kw-masthead"><div class="kw-brand">${escapeHtml(frame.realmName)}<small>${t('securityInfo')}</small></div>${user}</header>
${nav}
<main id="kw-main" class="kw-main">
${body}
</main>
</body>
</html>
`;
}

/** A notice shown once after an action (`role="status"` so screen readers announce it). */
export interface Notice {
  kind: 'success' | 'danger';
  text: string;
}

const noticeHtml = (notice: Notice | undefined) =>
  notice
    ? `<div class="kw-alert${notice.kind === 'danger' ? ' kw-alert-danger' : ''}" role="status" id="kw-notice">${escapeHtml(notice.text)}</div>`
    : '';

/** A method's name as the user reads it: its kind, and the user's label when there is one. */
export function methodName(locale: PortalLocale, kind: MethodKind, label?: string): string {
  const kindName = message(locale, `kind_${kind}` as MessageKey);
  return label && label !== kindName ? `${kindName} (${label})` : kindName;
}

function formatDate(locale: PortalLocale, date: Date | undefined, key: MessageKey = 'added'): string {
  if (!date) return message(locale, 'addedUnknown');
  return message(
    locale,
    key,
    new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    }).format(date),
  );
}

/** The Security info page. */
export function securityInfoPage(
  frame: PageFrame,
  methods: readonly MethodRow[],
  addable: readonly AddableMethod[],
  notice?: Notice,
): string {
  const { locale, base } = frame;
  const t = (key: MessageKey, ...args: string[]) => escapeHtml(message(locale, key, ...args));
  const defaultMethod = methods.find((row) => row.isDefault);
  const rows = methods
    .map((row) => {
      const name = methodName(locale, row.kind, row.label);
      const actions: string[] = [];
      if (row.canMakeDefault) {
        actions.push(
          `<form method="post" action="${escapeHtml(`${base}methods/${encodeURIComponent(row.id)}/default`)}">${csrfField(frame)}` +
            `<button type="submit" class="kw-button kw-button-secondary" aria-label="${t('makeDefaultLabel', name)}">${t('makeDefault')}</button></form>`,
        );
      }
      if (row.canDelete) {
        actions.push(
          `<form method="post" action="${escapeHtml(`${base}methods/${encodeURIComponent(row.id)}/delete`)}">${csrfField(frame)}` +
            `<button type="submit" class="kw-button kw-button-secondary" aria-label="${t('deleteLabel', name)}">${t('delete')}</button></form>`,
        );
      }
      const meta =
        row.kind === 'password'
          ? `${formatDate(locale, row.createdDateTime, 'passwordSet')} · ${message(locale, 'passwordNote')}`
          : formatDate(locale, row.createdDateTime);
      return (
        `<li class="kw-method" data-method-id="${escapeHtml(row.id)}" data-kind="${row.kind}">` +
        `<div><div class="kw-method-name">${escapeHtml(name)}${row.isDefault ? `<span class="kw-badge">${t('defaultBadge')}</span>` : ''}</div>` +
        `<div class="kw-method-meta">${escapeHtml(meta)}</div></div>` +
        (actions.length > 0 ? `<div class="kw-actions">${actions.join('')}</div>` : '') +
        '</li>'
      );
    })
    .join('\n');
  const add =
    addable.length > 0
      ? `<p>${t('addMethodIntro')}</p><form method="post" action="${escapeHtml(`${base}methods/add`)}" id="kw-add-method">${csrfField(frame)}` +
        `<div class="kw-form-row"><div class="kw-field"><label for="kw-add-kind">${t('addMethodChoose')}</label>` +
        `<select id="kw-add-kind" name="action">${addable
          .map(
            (method) =>
              `<option value="${escapeHtml(method.action)}">${t(`kind_${method.kind}` as MessageKey)}</option>`,
          )
          .join('')}</select></div>` +
        `<button type="submit" class="kw-button">${t('addMethodButton')}</button></div></form>`
      : `<p>${t('addMethodNone')}</p>`;
  const body = `<h1 id="kw-page-title">${t('securityInfo')}</h1>
<p class="kw-lead">${t('securityInfoIntro')}</p>
${noticeHtml(notice)}
<section class="kw-card" aria-labelledby="kw-default-title">
<h2 id="kw-default-title">${t('defaultMethod')}</h2>
<p id="kw-default-method">${defaultMethod ? escapeHtml(methodName(locale, defaultMethod.kind, defaultMethod.label)) : t('defaultMethodNone')}</p>
<p class="kw-help">${t('defaultMethodHelp')}</p>
</section>
<section class="kw-card" aria-labelledby="kw-methods-title">
<h2 id="kw-methods-title">${t('yourMethods')}</h2>
<ul class="kw-methods" id="kw-methods">
${rows}
</ul>
</section>
<section class="kw-card" aria-labelledby="kw-add-title">
<h2 id="kw-add-title">${t('addMethod')}</h2>
${add}
</section>
<section class="kw-card kw-card-danger" aria-labelledby="kw-everywhere-title">
<h2 id="kw-everywhere-title">${t('signOutEverywhere')}</h2>
<p>${t('signOutEverywhereIntro')}</p>
<form method="post" action="${escapeHtml(`${base}sign-out-everywhere`)}">${csrfField(frame)}<button type="submit" class="kw-button kw-button-danger" id="kw-sign-out-everywhere">${t('signOutEverywhereButton')}</button></form>
</section>`;
  return layout(frame, message(locale, 'securityInfo'), 'securityInfo', body);
}

/** An app password as the list shows it: name and date only. */
export interface AppPasswordRow {
  id: string;
  displayName: string;
  createdDateTime?: Date;
}

/** The App passwords page; `created` only in the one answer after creating it. */
export function appPasswordsPage(
  frame: PageFrame,
  appPasswords: readonly AppPasswordRow[],
  options: { created?: { displayName: string; password: string }; notice?: Notice; eligible: boolean },
): string {
  const { locale, base } = frame;
  const t = (key: MessageKey, ...args: string[]) => escapeHtml(message(locale, key, ...args));
  const created = options.created
    ? `<section class="kw-card" aria-labelledby="kw-created-title">
<h2 id="kw-created-title">${t('appPasswordCreatedTitle', options.created.displayName)}</h2>
<p class="kw-secret" id="kw-new-app-password">${escapeHtml(options.created.password)}</p>
<p>${t('appPasswordCreatedText')}</p>
</section>`
    : '';
  const create = options.eligible
    ? `<form method="post" action="${escapeHtml(`${base}app-passwords`)}" id="kw-create-app-password">${csrfField(frame)}
<div class="kw-form-row"><div class="kw-field"><label for="kw-app-password-name">${t('appPasswordName')}</label>
<input id="kw-app-password-name" name="displayName" required maxlength="64" autocomplete="off" aria-describedby="kw-app-password-name-help">
<span class="kw-help" id="kw-app-password-name-help">${t('appPasswordNameHelp')}</span></div>
<button type="submit" class="kw-button">${t('appPasswordCreate')}</button></div></form>`
    : `<p id="kw-app-passwords-unavailable">${t('appPasswordsUnavailable')}</p>`;
  const rows =
    appPasswords.length === 0
      ? `<p id="kw-app-passwords-none">${t('appPasswordsNone')}</p>`
      : `<ul class="kw-methods" id="kw-app-passwords">${appPasswords
          .map(
            (row) =>
              `<li class="kw-method"><div><div class="kw-method-name">${escapeHtml(row.displayName)}</div>` +
              `<div class="kw-method-meta">${escapeHtml(formatDate(locale, row.createdDateTime, 'appPasswordCreated'))}</div></div>` +
              `<div class="kw-actions"><form method="post" action="${escapeHtml(`${base}app-passwords/${encodeURIComponent(row.id)}/delete`)}">${csrfField(frame)}` +
              `<button type="submit" class="kw-button kw-button-secondary" aria-label="${t('appPasswordDeleteLabel', row.displayName)}">${t('delete')}</button></form></div></li>`,
          )
          .join('\n')}</ul>`;
  const body = `<h1 id="kw-page-title">${t('appPasswords')}</h1>
<p class="kw-lead">${t('appPasswordsIntro')}</p>
${noticeHtml(options.notice)}
${created}
<section class="kw-card" aria-labelledby="kw-create-title">
<h2 id="kw-create-title">${t('appPasswordCreateTitle')}</h2>
${create}
</section>
<section class="kw-card" aria-labelledby="kw-app-passwords-title">
<h2 id="kw-app-passwords-title">${t('yourAppPasswords')}</h2>
${rows}
</section>`;
  return layout(frame, message(locale, 'appPasswords'), 'appPasswords', body);
}

/** The page after signing out (here or everywhere). */
export function signedOutPage(frame: PageFrame, everywhere: boolean): string {
  const t = (key: MessageKey) => escapeHtml(message(frame.locale, key));
  const body = `<h1 id="kw-page-title">${t('signedOutTitle')}</h1>
<section class="kw-card"><p id="kw-signed-out">${t(everywhere ? 'signedOutEverywhereText' : 'signedOutText')}</p>
<p><a class="kw-button" href="${escapeHtml(frame.base)}">${t('signInAgain')}</a></p></section>`;
  return layout(frame, message(frame.locale, 'signedOutTitle'), undefined, body);
}

/** A readable error page: what happened and what to do, never a stack trace. */
export function errorPage(frame: PageFrame, text: string, requestId: string): string {
  const t = (key: MessageKey, ...args: string[]) => escapeHtml(message(frame.locale, key, ...args));
  const body = `<h1 id="kw-page-title">${t('errorTitle')}</h1>
<div class="kw-alert kw-alert-danger" role="alert" id="kw-error">${escapeHtml(text)}</div>
<p><a href="${escapeHtml(frame.base)}">${t('errorBack')}</a></p>
<p class="kw-help">${t('errorReference', requestId)}</p>`;
  return layout(frame, message(frame.locale, 'errorTitle'), undefined, body);
}
