import { issueAt, type PolicyIssue, type PolicyLocator } from './issues.js';
import { keycloakAliasName } from './keycloak-names.js';
import type { PathSegment } from './paths.js';
import { POLICY_LIMITS } from './schema.js';
import { didYouMean } from './suggest.js';
import {
  ALL,
  ALL_TRUSTED,
  type AuthenticationMethodConfiguration,
  type ConditionalAccessPolicy,
  MFA_METHODS,
  type PolicyDocument,
} from './types.js';

/**
 * Rules a JSON Schema cannot say: uniqueness by name, references inside the document, relations between
 * fields, and the document-wide rules of SPEC §3 (mutual exclusion, a requirement nobody could satisfy).
 * They run only on a schema-valid document, so every field has its type and default here.
 */
export function semanticIssues(
  document: PolicyDocument,
  source: string,
  locate: PolicyLocator,
): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const report = (severity: PolicyIssue['severity'], rule: string, at: PathSegment[], message: string) =>
    issues.push(issueAt(severity, rule, at, message, source, locate));
  const error = (rule: string, at: PathSegment[], message: string) => report('error', rule, at, message);
  const warning = (rule: string, at: PathSegment[], message: string) => report('warning', rule, at, message);

  checkNames(document, error);
  checkMethods(document, error, warning);
  checkPolicies(document, error, warning);
  checkDocumentRules(document, error, warning);
  return issues;
}

type Report = (rule: string, at: PathSegment[], message: string) => void;

const enabledMfaMethods = (document: PolicyDocument): string[] =>
  MFA_METHODS.filter((method) => document.authenticationMethods[method].state === 'enabled');

const requiresMfa = (policy: ConditionalAccessPolicy): boolean =>
  policy.grantControls.builtInControls.includes('mfa') ||
  policy.grantControls.authenticationStrength !== null;

function checkNames(document: PolicyDocument, error: Report): void {
  // Case-insensitive, because the names become Keycloak flow aliases and not every database compares
  // aliases case-sensitively.
  const unique = (section: string, names: string[], what: string) => {
    const first = new Map<string, number>();
    names.forEach((name, index) => {
      const earlier = first.get(name.toLowerCase());
      if (earlier === undefined) first.set(name.toLowerCase(), index);
      else
        error(
          'duplicate-name',
          [section, index, 'displayName'],
          `${what} '${name}' is already defined at ${section}[${earlier}]; display names must be unique`,
        );
    });
  };
  unique(
    'conditionalAccessPolicies',
    document.conditionalAccessPolicies.map((policy) => policy.displayName),
    'policy',
  );
  unique(
    'namedLocations',
    document.namedLocations.map((location) => location.displayName),
    'named location',
  );
  checkAliasNames(document, error);
  document.namedLocations.forEach((location, index) => {
    const reserved = [ALL, ALL_TRUSTED].find(
      (keyword) => keyword.toLowerCase() === location.displayName.toLowerCase(),
    );
    if (reserved !== undefined) {
      error(
        'reserved-name',
        ['namedLocations', index, 'displayName'],
        `'${location.displayName}' is reserved: conditions read ${reserved} as a keyword; choose another name`,
      );
    }
  });
}

/** Every Keycloak alias (flows and configs) the compiler derives from a policy's display name. */
export function policyAliases(displayName: string): string[] {
  const name = keycloakAliasName(displayName);
  return [name, `${name} - grant`, `${name} - direct grant`, `${name} - direct grant - grant`];
}

/**
 * Two policies whose names differ only in characters Keycloak refuses in aliases (`MFA (admins)` and `MFA [admins]`),
 * or whose derived aliases meet (`X - grant` and the grant config of `X`), would share a Keycloak alias; refuse
 * them here rather than at apply.
 */
function checkAliasNames(document: PolicyDocument, error: Report): void {
  const owner = new Map<string, number>();
  document.conditionalAccessPolicies.forEach((policy, index) => {
    for (const alias of policyAliases(policy.displayName)) {
      const earlier = owner.get(alias.toLowerCase());
      if (earlier === undefined) {
        owner.set(alias.toLowerCase(), index);
        continue;
      }
      if (earlier === index) continue;
      const other = document.conditionalAccessPolicies[earlier]?.displayName ?? '';
      if (other.toLowerCase() === policy.displayName.toLowerCase()) return; // reported as duplicate-name
      error(
        'duplicate-alias',
        ['conditionalAccessPolicies', index, 'displayName'],
        `policy '${policy.displayName}' and conditionalAccessPolicies[${earlier}] '${other}' would share the ` +
          `Keycloak alias 'Keyward CA - ${alias}' (Keycloak refuses : / ? # @ ! $ & ( ) * + , ; = [ ] \\ in ` +
          "aliases, so each becomes -, and Keyward adds ' - grant' and ' - direct grant'); rename one of them",
      );
      return;
    }
  });
}

function checkMethods(document: PolicyDocument, error: Report, warning: Report): void {
  const methods = document.authenticationMethods;
  const entries = Object.entries(methods) as [string, AuthenticationMethodConfiguration][];
  for (const [name, method] of entries) {
    if (method.state === 'enabled' && method.includeTargets.length === 0) {
      warning(
        'no-targets',
        ['authenticationMethods', name, 'includeTargets'],
        `${name} is enabled but includeTargets is empty, so nobody can use it`,
      );
    }
  }

  const tap = methods.temporaryAccessPass;
  const tapPath = ['authenticationMethods', 'temporaryAccessPass'];
  if (tap.minimumLifetimeInMinutes > tap.maximumLifetimeInMinutes) {
    error(
      'tap-lifetime',
      [...tapPath, 'minimumLifetimeInMinutes'],
      `minimum lifetime (${tap.minimumLifetimeInMinutes}) is longer than the maximum (${tap.maximumLifetimeInMinutes})`,
    );
  } else if (
    tap.defaultLifetimeInMinutes < tap.minimumLifetimeInMinutes ||
    tap.defaultLifetimeInMinutes > tap.maximumLifetimeInMinutes
  ) {
    error(
      'tap-lifetime',
      [...tapPath, 'defaultLifetimeInMinutes'],
      `default lifetime (${tap.defaultLifetimeInMinutes}) must lie between the minimum ` +
        `(${tap.minimumLifetimeInMinutes}) and the maximum (${tap.maximumLifetimeInMinutes})`,
    );
  }

  const campaign = document.registrationCampaign;
  if (campaign.state !== 'enabled') return;
  if (campaign.includeTargets.length === 0) {
    warning(
      'no-targets',
      ['registrationCampaign', 'includeTargets'],
      'the registration campaign is enabled but includeTargets is empty, so it reaches nobody',
    );
  }
  const enabled = enabledMfaMethods(document);
  const target = campaign.targetMethod;
  if (target === 'any' ? enabled.length === 0 : methods[target].state !== 'enabled') {
    error(
      'campaign-target-method',
      ['registrationCampaign', 'targetMethod'],
      target === 'any'
        ? 'the campaign asks users to register an MFA method, but none is enabled; enable softwareOath, fido2 or email'
        : `the campaign nudges towards ${target}, which is disabled; enable authenticationMethods.${target} or change targetMethod`,
    );
  }
}

function checkPolicies(document: PolicyDocument, error: Report, warning: Report): void {
  const locations = document.namedLocations.map((location) => location.displayName);
  const fido2Enabled = document.authenticationMethods.fido2.state === 'enabled';

  document.conditionalAccessPolicies.forEach((policy, index) => {
    const at = (...rest: PathSegment[]): PathSegment[] => ['conditionalAccessPolicies', index, ...rest];
    const label = `policy '${policy.displayName}'`;
    const { users, applications } = policy.conditions;

    for (const list of ['includeLocations', 'excludeLocations'] as const) {
      policy.conditions.locations[list].forEach((name, item) => {
        const path = at('conditions', 'locations', list, item);
        if (name === ALL && list === 'excludeLocations') {
          error('keyword-placement', path, `${label}: excluding All would mean the policy never applies`);
        } else if (name !== ALL && name !== ALL_TRUSTED && !locations.includes(name)) {
          error(
            'unknown-location',
            path,
            `no named location '${name}' in namedLocations${didYouMean(name, [ALL, ALL_TRUSTED, ...locations])}`,
          );
        }
      });
    }
    for (const [list, values] of [
      ['excludeUsers', users.excludeUsers],
      ['excludeApplications', applications.excludeApplications],
    ] as const) {
      const item = values.indexOf(ALL);
      if (item >= 0) {
        const section = list === 'excludeUsers' ? 'users' : 'applications';
        error(
          'keyword-placement',
          at('conditions', section, list, item),
          `${label}: excluding All would mean the policy never applies`,
        );
      }
    }
    for (const [section, list, values] of [
      ['users', 'includeUsers', users.includeUsers],
      ['users', 'excludeUsers', users.excludeUsers],
      ['applications', 'includeApplications', applications.includeApplications],
      ['applications', 'excludeApplications', applications.excludeApplications],
    ] as const) {
      values.forEach((value, item) => {
        if (value !== ALL && value.toLowerCase() === ALL.toLowerCase()) {
          error(
            'keyword-case',
            at('conditions', section, list, item),
            `'${value}' is ambiguous: the keyword for everyone is '${ALL}' (case-sensitive)`,
          );
        }
      });
    }

    if (policy.state !== 'disabled') {
      const nobody =
        users.includeUsers.length + users.includeGroups.length + users.includeRoles.length === 0
          ? 'includes no users, groups or roles'
          : applications.includeApplications.length === 0
            ? 'includes no applications'
            : undefined;
      if (nobody !== undefined) {
        warning('applies-to-nobody', at('conditions'), `${label} ${nobody}, so it never applies`);
      }
    }

    const grant = policy.grantControls;
    const controls = grant.builtInControls;
    if (grant.authenticationStrength !== null && controls.includes('mfa')) {
      error(
        'strength-with-mfa',
        at('grantControls', 'authenticationStrength'),
        `${label}: use either authenticationStrength or mfa in builtInControls, not both ` +
          '(a strength already includes MFA)',
      );
    }
    if (controls.includes('block') && (controls.length > 1 || grant.authenticationStrength !== null)) {
      const others: string[] = controls.filter((control) => control !== 'block');
      if (grant.authenticationStrength !== null)
        others.push(`authenticationStrength ${grant.authenticationStrength}`);
      error(
        'block-exclusive',
        at('grantControls', 'builtInControls'),
        `${label}: block cannot be combined with other controls (found ${others.join(', ')})`,
      );
    }
    const strength = grant.authenticationStrength;
    if (strength !== null && strength !== 'mfa' && !fido2Enabled && policy.state !== 'disabled') {
      error(
        'strength-unsatisfiable',
        at('grantControls', 'authenticationStrength'),
        `${label}: ${strength} can only be met with WebAuthn (passkeys or security keys), but ` +
          'authenticationMethods.fido2 is disabled',
      );
    }

    checkSignInFrequency(policy, at, label, error);
    const persistent = policy.sessionControls.persistentBrowser;
    if (persistent.isEnabled && persistent.mode === null) {
      error(
        'persistent-browser',
        at('sessionControls', 'persistentBrowser', 'mode'),
        `${label}: persistentBrowser is enabled, so mode is required (always or never)`,
      );
    }

    const frequency = policy.sessionControls.signInFrequency;
    if (controls.length === 0 && strength === null && !frequency.isEnabled && !persistent.isEnabled) {
      warning('no-controls', at(), `${label} has no grant or session controls, so it changes nothing`);
    }
  });
}

function checkSignInFrequency(
  policy: ConditionalAccessPolicy,
  at: (...rest: PathSegment[]) => PathSegment[],
  label: string,
  error: Report,
): void {
  const frequency = policy.sessionControls.signInFrequency;
  const path = (key: string) => at('sessionControls', 'signInFrequency', key);
  if (frequency.frequencyInterval === 'everyTime') {
    if (frequency.value !== null || frequency.type !== null) {
      error(
        'sign-in-frequency',
        path(frequency.value !== null ? 'value' : 'type'),
        `${label}: with frequencyInterval everyTime, leave out value and type`,
      );
    }
    return;
  }
  if (
    (frequency.value === null) !== (frequency.type === null) ||
    (frequency.isEnabled && frequency.value === null)
  ) {
    error(
      'sign-in-frequency',
      path(frequency.value === null ? 'value' : 'type'),
      `${label}: a time-based sign-in frequency needs both value and type (hours or days)` +
        (frequency.isEnabled ? '' : ', or neither'),
    );
    return;
  }
  const limits =
    frequency.type === 'hours' ? POLICY_LIMITS.signInFrequencyHours : POLICY_LIMITS.signInFrequencyDays;
  if (frequency.value !== null && frequency.value > limits.maximum) {
    error(
      'range',
      path('value'),
      `must be between ${limits.minimum} and ${limits.maximum} ${frequency.type}, found ${frequency.value}` +
        (frequency.type === 'hours' ? '; use type: days for longer periods' : ''),
    );
  }
}

function checkDocumentRules(document: PolicyDocument, error: Report, warning: Report): void {
  const policies = document.conditionalAccessPolicies;
  const defaults = ['securityDefaults', 'isEnabled'];
  if (document.securityDefaults.isEnabled && policies.length > 0) {
    error(
      'mutual-exclusion',
      defaults,
      `security defaults cannot be enabled while the document has Conditional Access policies ` +
        `(${policies.length} found, in any state); disable security defaults (isEnabled: false) or remove ` +
        'the policies',
    );
  }

  if (enabledMfaMethods(document).length === 0) {
    const hint = 'but no MFA method is enabled; enable softwareOath, fido2 or email in authenticationMethods';
    if (document.securityDefaults.isEnabled)
      error('no-mfa-method', defaults, `security defaults require MFA, ${hint}`);
    policies.forEach((policy, index) => {
      if (policy.state === 'enabled' && requiresMfa(policy)) {
        error(
          'no-mfa-method',
          ['conditionalAccessPolicies', index, 'grantControls'],
          `policy '${policy.displayName}' requires MFA, ${hint}`,
        );
      }
    });
  }

  if (document.mfaSettings.appPasswords.isAllowed && document.securityDefaults.isEnabled) {
    warning(
      'app-passwords-unusable',
      ['mfaSettings', 'appPasswords', 'isAllowed'],
      'security defaults block the password grant for everyone, so no client can use an app password; app ' +
        'passwords go with per-user MFA (disable security defaults, or set isAllowed: false)',
    );
  }

  if (document.mfaSettings.privilegedRoles.length === 0) {
    warning(
      'no-privileged-roles',
      ['mfaSettings', 'privilegedRoles'],
      'no role counts as administrator, so security defaults and the lock-out guard treat nobody as privileged',
    );
  }
}
