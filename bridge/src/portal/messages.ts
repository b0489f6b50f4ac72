/**
 * Every string the portal shows, in English and German (the languages of the `keyward` login theme). The
 * portal answers in the language the browser prefers among these, and asks Keycloak for the same one.
 */

/** The portal's languages; the first is the fallback. */
export const PORTAL_LOCALES = ['en', 'de'] as const;
export type PortalLocale = (typeof PORTAL_LOCALES)[number];

const en = {
  skipToContent: 'Skip to content',
  portalNav: 'Portal',
  securityInfo: 'Security info',
  appPasswords: 'App passwords',
  signedInAs: 'Signed in as {0}',
  signOut: 'Sign out',
  securityInfoIntro: 'These are the methods you use to sign in and to prove it is you.',
  defaultMethod: 'Default sign-in method',
  defaultMethodNone: 'None yet: add an authenticator app, a passkey or a security key below.',
  defaultMethodHelp: 'Keycloak asks for this method first when it needs a second step.',
  yourMethods: 'Your methods',
  defaultBadge: 'Default',
  added: 'Added {0}',
  addedUnknown: 'Date not recorded',
  passwordSet: 'Set {0}',
  makeDefault: 'Make default',
  makeDefaultLabel: 'Make {0} the default method',
  delete: 'Delete',
  deleteLabel: 'Delete {0}',
  passwordNote: 'Change your password when you sign in, or ask your administrator.',
  addMethod: 'Add a method',
  addMethodIntro: 'Keycloak asks you to confirm it is you, then guides you through the set-up.',
  addMethodChoose: 'Method',
  addMethodButton: 'Add method',
  addMethodNone: "Your organisation's policy lets you add no further method here.",
  signOutEverywhere: 'Sign out everywhere',
  signOutEverywhereIntro:
    'Lost a device or left yourself signed in somewhere? This ends every session of your account on every device, this one included.',
  signOutEverywhereButton: 'Sign out everywhere',
  kind_password: 'Password',
  kind_authenticatorApp: 'Authenticator app',
  kind_securityKey: 'Security key',
  kind_passkey: 'Passkey',
  kind_email: 'Email',
  kind_recoveryCodes: 'Recovery codes',
  kind_temporaryAccessPass: 'Temporary Access Pass',
  kind_appPassword: 'App password',
  kind_other: 'Other method',
  notice_defaultChanged: '{0} is now your default method.',
  notice_methodDeleted: 'The method was deleted.',
  notice_methodAdded: 'The new method is ready.',
  notice_addCancelled: 'No method was added.',
  notice_addFailed: 'Keycloak could not add the method. Try again.',
  appPasswordsIntro:
    'Older apps that cannot ask for a second step, such as some mail clients, sign in with an app password instead of your password. Give each app its own, and delete it when you stop using the app.',
  appPasswordCreateTitle: 'Create an app password',
  appPasswordName: 'Name',
  appPasswordNameHelp: 'The app or device it is for, e.g. "Mail on my phone".',
  appPasswordCreate: 'Create app password',
  appPasswordCreatedTitle: 'Your new app password for {0}',
  appPasswordCreatedText:
    'Enter it in the app now, in place of your password. It is shown only this once: when you leave this page, nobody can show it again.',
  yourAppPasswords: 'Your app passwords',
  appPasswordsNone: 'You have no app passwords.',
  appPasswordCreated: 'Created {0}',
  appPasswordDeleteLabel: 'Delete app password {0}',
  appPasswordsUnavailable:
    'App passwords are not available to you: your organisation allows them only for accounts that always use a second step, and never for administrators.',
  notice_appPasswordDeleted: 'The app password was deleted. Apps that used it can no longer sign in with it.',
  signedOutTitle: 'You are signed out',
  signedOutText: 'Your portal session has ended.',
  signedOutEverywhereText:
    'Every session of your account has ended, on every device. Applications ask you to sign in again.',
  signInAgain: 'Sign in again',
  errorTitle: 'Something went wrong',
  errorBack: 'Back to security info',
  errorReference: 'Reference: {0}',
  error_csrf: 'The request could not be verified, so nothing was changed. Reload the page and try again.',
  error_sessionEnded: 'Your session has ended, so nothing was changed. Sign in again.',
  error_notFound: 'This page does not exist.',
  error_signInFailed: 'The sign-in could not be completed. Sign in again.',
  error_notAllowed: 'That is not possible: {0}',
  error_methodNotFound: 'You have no such method (it may have been deleted already).',
  error_rateLimited: 'Too many requests from your address. Wait {0} seconds and try again.',
  error_unavailable: 'Keycloak is not available right now. Try again in a few minutes.',
  error_general: 'The portal could not handle the request. If this keeps happening, tell your administrator.',
};

type Messages = Record<keyof typeof en, string>;

const de: Messages = {
  skipToContent: 'Zum Inhalt springen',
  portalNav: 'Portal',
  securityInfo: 'Sicherheitsinformationen',
  appPasswords: 'App-Kennwörter',
  signedInAs: 'Angemeldet als {0}',
  signOut: 'Abmelden',
  securityInfoIntro: 'Mit diesen Methoden melden Sie sich an und weisen nach, dass Sie es sind.',
  defaultMethod: 'Standard-Anmeldemethode',
  defaultMethodNone:
    'Noch keine: Fügen Sie unten eine Authenticator-App, einen Passkey oder einen Sicherheitsschlüssel hinzu.',
  defaultMethodHelp: 'Keycloak fragt zuerst nach dieser Methode, wenn ein zweiter Schritt nötig ist.',
  yourMethods: 'Ihre Methoden',
  defaultBadge: 'Standard',
  added: 'Hinzugefügt am {0}',
  addedUnknown: 'Datum nicht erfasst',
  passwordSet: 'Festgelegt am {0}',
  makeDefault: 'Als Standard festlegen',
  makeDefaultLabel: '{0} als Standardmethode festlegen',
  delete: 'Löschen',
  deleteLabel: '{0} löschen',
  passwordNote: 'Ändern Sie Ihr Kennwort bei der Anmeldung, oder wenden Sie sich an Ihre Administration.',
  addMethod: 'Methode hinzufügen',
  addMethodIntro:
    'Keycloak lässt Sie bestätigen, dass Sie es sind, und führt Sie dann durch die Einrichtung.',
  addMethodChoose: 'Methode',
  addMethodButton: 'Methode hinzufügen',
  addMethodNone: 'Die Richtlinie Ihrer Organisation erlaubt hier keine weitere Methode.',
  signOutEverywhere: 'Überall abmelden',
  signOutEverywhereIntro:
    'Gerät verloren oder irgendwo angemeldet geblieben? Damit enden alle Sitzungen Ihres Kontos auf allen Geräten, auch auf diesem.',
  signOutEverywhereButton: 'Überall abmelden',
  kind_password: 'Kennwort',
  kind_authenticatorApp: 'Authenticator-App',
  kind_securityKey: 'Sicherheitsschlüssel',
  kind_passkey: 'Passkey',
  kind_email: 'E-Mail',
  kind_recoveryCodes: 'Wiederherstellungscodes',
  kind_temporaryAccessPass: 'Befristeter Zugriffspass',
  kind_appPassword: 'App-Kennwort',
  kind_other: 'Andere Methode',
  notice_defaultChanged: '{0} ist jetzt Ihre Standardmethode.',
  notice_methodDeleted: 'Die Methode wurde gelöscht.',
  notice_methodAdded: 'Die neue Methode ist eingerichtet.',
  notice_addCancelled: 'Es wurde keine Methode hinzugefügt.',
  notice_addFailed: 'Keycloak konnte die Methode nicht hinzufügen. Versuchen Sie es erneut.',
  appPasswordsIntro:
    'Ältere Apps, die keinen zweiten Schritt abfragen können, etwa manche E-Mail-Programme, melden sich mit einem App-Kennwort statt mit Ihrem Kennwort an. Geben Sie jeder App ein eigenes und löschen Sie es, wenn Sie die App nicht mehr verwenden.',
  appPasswordCreateTitle: 'App-Kennwort erstellen',
  appPasswordName: 'Name',
  appPasswordNameHelp: 'Die App oder das Gerät, für das es bestimmt ist, z. B. „E-Mail auf dem Handy“.',
  appPasswordCreate: 'App-Kennwort erstellen',
  appPasswordCreatedTitle: 'Ihr neues App-Kennwort für {0}',
  appPasswordCreatedText:
    'Geben Sie es jetzt in der App anstelle Ihres Kennworts ein. Es wird nur dieses eine Mal angezeigt: Wenn Sie diese Seite verlassen, kann es niemand mehr anzeigen.',
  yourAppPasswords: 'Ihre App-Kennwörter',
  appPasswordsNone: 'Sie haben keine App-Kennwörter.',
  appPasswordCreated: 'Erstellt am {0}',
  appPasswordDeleteLabel: 'App-Kennwort {0} löschen',
  appPasswordsUnavailable:
    'App-Kennwörter stehen Ihnen nicht zur Verfügung: Ihre Organisation erlaubt sie nur für Konten, die immer einen zweiten Schritt verwenden, und nie für Administratoren.',
  notice_appPasswordDeleted:
    'Das App-Kennwort wurde gelöscht. Apps, die es verwendet haben, können sich damit nicht mehr anmelden.',
  signedOutTitle: 'Sie sind abgemeldet',
  signedOutText: 'Ihre Portalsitzung ist beendet.',
  signedOutEverywhereText:
    'Alle Sitzungen Ihres Kontos sind beendet, auf allen Geräten. Anwendungen fragen Sie erneut nach der Anmeldung.',
  signInAgain: 'Erneut anmelden',
  errorTitle: 'Etwas ist schiefgegangen',
  errorBack: 'Zurück zu den Sicherheitsinformationen',
  errorReference: 'Referenz: {0}',
  error_csrf:
    'Die Anfrage konnte nicht überprüft werden, daher wurde nichts geändert. Laden Sie die Seite neu und versuchen Sie es erneut.',
  error_sessionEnded: 'Ihre Sitzung ist abgelaufen, daher wurde nichts geändert. Melden Sie sich erneut an.',
  error_notFound: 'Diese Seite gibt es nicht.',
  error_signInFailed: 'Die Anmeldung konnte nicht abgeschlossen werden. Melden Sie sich erneut an.',
  error_notAllowed: 'Das ist nicht möglich: {0}',
  error_methodNotFound: 'Diese Methode haben Sie nicht (vielleicht wurde sie schon gelöscht).',
  error_rateLimited:
    'Zu viele Anfragen von Ihrer Adresse. Warten Sie {0} Sekunden und versuchen Sie es erneut.',
  error_unavailable: 'Keycloak ist gerade nicht erreichbar. Versuchen Sie es in ein paar Minuten erneut.',
  error_general:
    'Das Portal konnte die Anfrage nicht bearbeiten. Wenn das wiederholt passiert, wenden Sie sich an Ihre Administration.',
};

/** A message key. */
export type MessageKey = keyof typeof en;

const CATALOGUES: Record<PortalLocale, Messages> = { en, de };

/** The message `key` in `locale` with `{0}`, `{1}`… replaced by `args` (as text; the views escape it). */
export function message(locale: PortalLocale, key: MessageKey, ...args: readonly string[]): string {
  return CATALOGUES[locale][key].replace(/\{(\d)\}/g, (_, index: string) => args[Number(index)] ?? '');
}
