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

/** One attribute of Keycloak's user-profile configuration (`UPConfig`), as far as the defaults use it. */
export interface UserProfileAttributeJson {
  name: string;
  displayName?: string;
  validations?: Record<string, Record<string, unknown>>;
  required?: { roles?: string[] };
  permissions?: { view?: string[]; edit?: string[] };
  multivalued?: boolean;
  [key: string]: unknown;
}

/** Keycloak's `${key}` reference to a message of the theme's bundle. */
const messageKey = (key: string): string => `\${${key}}`;

/**
 * The user-profile configuration a new Keycloak 26.7 realm has. A realm without a stored configuration uses it
 * implicitly; a realm JSON that declares Keyward's attributes must carry it whole, or the import would lose
 * Keycloak's own attributes. An integration test compares it with a freshly created realm.
 */
export const KEYCLOAK_DEFAULT_USER_PROFILE: {
  attributes: UserProfileAttributeJson[];
  groups: { name: string; displayHeader: string; displayDescription: string }[];
} = {
  attributes: [
    {
      name: 'username',
      displayName: messageKey('username'),
      validations: {
        length: { min: 3, max: 255 },
        'username-prohibited-characters': {},
        'up-username-not-idn-homograph': {},
      },
      permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
      multivalued: false,
    },
    {
      name: 'email',
      displayName: messageKey('email'),
      validations: { email: {}, length: { max: 255 } },
      required: { roles: ['user'] },
      permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
      multivalued: false,
    },
    {
      name: 'firstName',
      displayName: messageKey('firstName'),
      validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} },
      required: { roles: ['user'] },
      permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
      multivalued: false,
    },
    {
      name: 'lastName',
      displayName: messageKey('lastName'),
      validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} },
      required: { roles: ['user'] },
      permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
      multivalued: false,
    },
  ],
  groups: [
    {
      name: 'user-metadata',
      displayHeader: 'User metadata',
      displayDescription: 'Attributes, which refer to user metadata',
    },
  ],
};
