/**
 * The required actions a new Keycloak 26.7 realm registers. A realm import that lists `requiredActions`
 * registers only those it lists, so the compiled realm JSON must carry the whole set; an integration test
 * compares this list with a freshly created realm so a Keycloak upgrade cannot silently drift from it.
 */
export const KEYCLOAK_DEFAULT_REQUIRED_ACTIONS = [
  { alias: 'TERMS_AND_CONDITIONS', name: 'Terms and Conditions', enabled: false, priority: 20 },
  { alias: 'UPDATE_PROFILE', name: 'Update Profile', enabled: true, priority: 40 },
  { alias: 'VERIFY_EMAIL', name: 'Verify Email', enabled: true, priority: 50 },
  { alias: 'CONFIGURE_TOTP', name: 'Configure OTP', enabled: true, priority: 54 },
  { alias: 'UPDATE_PASSWORD', name: 'Update Password', enabled: true, priority: 57 },
  { alias: 'delete_account', name: 'Delete Account', enabled: false, priority: 60 },
  { alias: 'UPDATE_EMAIL', name: 'Update Email', enabled: false, priority: 70 },
  { alias: 'webauthn-register', name: 'Webauthn Register', enabled: true, priority: 80 },
  {
    alias: 'webauthn-register-passwordless',
    name: 'Webauthn Register Passwordless',
    enabled: true,
    priority: 90,
  },
  { alias: 'VERIFY_PROFILE', name: 'Verify Profile', enabled: true, priority: 100 },
  { alias: 'delete_credential', name: 'Delete Credential', enabled: true, priority: 110 },
  { alias: 'idp_link', name: 'Linking Identity Provider', enabled: true, priority: 120 },
  {
    alias: 'CONFIGURE_RECOVERY_AUTHN_CODES',
    name: 'Recovery Authentication Codes',
    enabled: true,
    priority: 130,
  },
  { alias: 'update_user_locale', name: 'Update User Locale', enabled: true, priority: 1000 },
] as const;
