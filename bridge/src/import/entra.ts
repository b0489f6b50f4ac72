/**
 * `keyward import-entra`, the pure part: converts Microsoft Graph exports of `conditionalAccessPolicy` and
 * `ipNamedLocation` objects into a Keyward policy document. Entra object ids become Keycloak names through a
 * mapping (users, groups, roles, applications). Whatever Keycloak cannot see or Keyward does not enforce (device
 * compliance, risk levels, countries, terms of use, guests, …) is listed per policy, never dropped silently.
 */

/** Object ids of the Entra tenant → Keycloak names. */
export interface EntraMapping {
  /** Entra user object id → Keycloak username. */
  users?: Record<string, string>;
  /** Entra group object id → Keycloak group path. */
  groups?: Record<string, string>;
  /** Entra directory role template id → Keycloak role (`role` or `client/role`). */
  roles?: Record<string, string>;
  /** Entra application (app) id → Keycloak client id. */
  applications?: Record<string, string>;
}

/** What could not be carried over from one policy (or location), in words an Entra admin recognises. */
export interface ConversionNote {
  /** The Entra policy's or location's display name. */
  object: string;
  /** Where in the Graph object (`conditions.signInRiskLevels`). */
  path: string;
  message: string;
}

/** A document ready to write as YAML, and what was left behind. */
export interface EntraConversion {
  document: Record<string, unknown>;
  notes: ConversionNote[];
}

type Json = Record<string, unknown>;

/** Graph's built-in authentication strengths by id. */
const BUILT_IN_STRENGTHS: Record<string, string> = {
  '00000000-0000-0000-0000-000000000002': 'mfa',
  '00000000-0000-0000-0000-000000000003': 'passwordlessMfa',
  '00000000-0000-0000-0000-000000000004': 'phishingResistantMfa',
};

const KEYWARD_PLATFORMS = new Set(['all', 'android', 'iOS', 'windows', 'macOS', 'linux']);

/** Reads a Graph export: one object, an array, or a list response `{ value: [...] }`. */
export function graphObjectsOf(exported: unknown): Json[] {
  if (Array.isArray(exported)) return exported.filter(isObject);
  if (isObject(exported)) {
    if (Array.isArray(exported.value)) return exported.value.filter(isObject);
    return [exported];
  }
  throw new TypeError(
    'graphObjectsOf: exported must be a Graph object, an array of them, or { value: [...] }',
  );
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const nonEmpty = (value: unknown): boolean =>
  value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== false;

/**
 * Converts the exports. `locations` holds ipNamedLocation (and countryNamedLocation, which is listed as not
 * carried over) objects; policies reference them by id.
 */
export function convertEntraExport(
  policies: readonly Json[],
  locations: readonly Json[],
  mapping: EntraMapping,
): EntraConversion {
  const notes: ConversionNote[] = [];
  const locationNames = new Map<string, string>();
  const unusable = new Map<string, string>();
  const namedLocations: Json[] = [];
  for (const location of locations) {
    const name = String(location.displayName ?? location.id ?? 'unnamed location');
    const type = String(location['@odata.type'] ?? '');
    const id = String(location.id ?? '');
    if (type.endsWith('countryNamedLocation') || 'countriesAndRegions' in location) {
      unusable.set(id, name);
      notes.push({
        object: name,
        path: 'countriesAndRegions',
        message: `country location (${list(location.countriesAndRegions).join(', ') || 'no countries'}) not carried over: Keycloak sees addresses, not countries`,
      });
      continue;
    }
    const ranges = Array.isArray(location.ipRanges)
      ? location.ipRanges.filter(isObject).map((range) => String(range.cidrAddress ?? ''))
      : [];
    locationNames.set(id, name);
    namedLocations.push({ displayName: name, ipRanges: ranges, isTrusted: location.isTrusted === true });
  }

  const converted = policies.map((policy) => convertPolicy(policy, mapping, locationNames, unusable, notes));
  return {
    document: {
      apiVersion: 'keyward/v1',
      securityDefaults: { isEnabled: false },
      namedLocations,
      conditionalAccessPolicies: converted,
    },
    notes,
  };
}

function convertPolicy(
  policy: Json,
  mapping: EntraMapping,
  locationNames: Map<string, string>,
  unusableLocations: Map<string, string>,
  notes: ConversionNote[],
): Json {
  const name = String(policy.displayName ?? policy.id ?? 'unnamed policy');
  const note = (path: string, message: string) => notes.push({ object: name, path, message });
  const conditions = isObject(policy.conditions) ? policy.conditions : {};

  for (const [key, what] of [
    ['userRiskLevels', 'user risk levels'],
    ['signInRiskLevels', 'sign-in risk levels'],
    ['servicePrincipalRiskLevels', 'service principal risk levels'],
    ['insiderRiskLevels', 'insider risk levels'],
    ['devices', 'device filter'],
    ['deviceStates', 'device states'],
    ['authenticationFlows', 'authentication flows'],
    ['clientApplications', 'workload identities'],
  ] as const) {
    const value = conditions[key];
    if (nonEmpty(value) && !(isObject(value) && Object.values(value).every((item) => !nonEmpty(item)))) {
      note(
        `conditions.${key}`,
        `${what} (${JSON.stringify(value)}) not carried over: Keycloak has no such signal`,
      );
    }
  }

  const users = isObject(conditions.users) ? conditions.users : {};
  const mapIds = (ids: string[], path: string, table: Record<string, string> | undefined, kind: string) => {
    const out: string[] = [];
    for (const id of ids) {
      const mapped = table?.[id];
      if (mapped !== undefined) out.push(mapped);
      else note(path, `${kind} '${id}' has no entry in the mapping file; left out`);
    }
    return out;
  };
  const mapUsers = (ids: string[], path: string) => {
    const out: string[] = [];
    for (const id of ids) {
      if (id === 'All') out.push('All');
      else if (id === 'None') continue;
      else if (id === 'GuestsOrExternalUsers')
        note(path, 'guests or external users not carried over: Keycloak has no guest kind');
      else out.push(...mapIds([id], path, mapping.users, 'user'));
    }
    return out;
  };
  for (const key of ['includeGuestsOrExternalUsers', 'excludeGuestsOrExternalUsers'] as const) {
    if (nonEmpty(users[key]))
      note(
        `conditions.users.${key}`,
        'guests or external users not carried over: Keycloak has no guest kind',
      );
  }
  const usersOut = {
    includeUsers: mapUsers(list(users.includeUsers), 'conditions.users.includeUsers'),
    excludeUsers: mapUsers(list(users.excludeUsers), 'conditions.users.excludeUsers'),
    includeGroups: mapIds(
      list(users.includeGroups),
      'conditions.users.includeGroups',
      mapping.groups,
      'group',
    ),
    excludeGroups: mapIds(
      list(users.excludeGroups),
      'conditions.users.excludeGroups',
      mapping.groups,
      'group',
    ),
    includeRoles: mapIds(
      list(users.includeRoles),
      'conditions.users.includeRoles',
      mapping.roles,
      'directory role',
    ),
    excludeRoles: mapIds(
      list(users.excludeRoles),
      'conditions.users.excludeRoles',
      mapping.roles,
      'directory role',
    ),
  };

  const applications = isObject(conditions.applications) ? conditions.applications : {};
  const mapApps = (ids: string[], path: string) => {
    const out: string[] = [];
    for (const id of ids) {
      if (id === 'All') out.push('All');
      else if (id === 'None') continue;
      else out.push(...mapIds([id], path, mapping.applications, 'application'));
    }
    return out;
  };
  for (const key of ['includeUserActions', 'includeAuthenticationContextClassReferences'] as const) {
    if (nonEmpty(applications[key])) {
      note(
        `conditions.applications.${key}`,
        `${list(applications[key]).join(', ')} not carried over: Keyward targets sign-ins to applications only`,
      );
    }
  }
  if (nonEmpty(applications.applicationFilter)) {
    note(
      'conditions.applications.applicationFilter',
      'application filter not carried over; name the clients instead',
    );
  }

  const locations = isObject(conditions.locations) ? conditions.locations : undefined;
  const mapLocations = (ids: string[], path: string) => {
    const out: string[] = [];
    for (const id of ids) {
      if (id === 'All' || id === 'AllTrusted') out.push(id);
      else if (locationNames.has(id)) out.push(locationNames.get(id) as string);
      else if (unusableLocations.has(id))
        note(
          path,
          `country location '${unusableLocations.get(id)}' left out: Keycloak sees addresses, not countries`,
        );
      else note(path, `named location '${id}' is not in the locations export; left out`);
    }
    return out;
  };

  const clientAppTypes = new Set<string>();
  for (const type of list(conditions.clientAppTypes)) {
    if (type === 'all' || type === 'browser') clientAppTypes.add(type);
    else if (type === 'mobileAppsAndDesktopClients') {
      clientAppTypes.add('browser');
      note(
        'conditions.clientAppTypes',
        'mobileAppsAndDesktopClients carried over as browser: modern clients sign in to Keycloak through the browser flow',
      );
    } else if (type === 'exchangeActiveSync' || type === 'other') clientAppTypes.add('other');
    else note('conditions.clientAppTypes', `client app type '${type}' not carried over`);
  }

  const platforms = isObject(conditions.platforms) ? conditions.platforms : undefined;
  const mapPlatforms = (values: string[], path: string) =>
    values.filter((platform) => {
      if (KEYWARD_PLATFORMS.has(platform)) return true;
      note(
        path,
        `platform '${platform}' not carried over: Keyward reads android, iOS, windows, macOS, linux`,
      );
      return false;
    });

  const grant = isObject(policy.grantControls) ? policy.grantControls : {};
  const builtIn: string[] = [];
  for (const control of list(grant.builtInControls)) {
    if (control === 'mfa' || control === 'block' || control === 'passwordChange') builtIn.push(control);
    else
      note(
        'grantControls.builtInControls',
        `grant control '${control}' not carried over: Keycloak cannot check it`,
      );
  }
  for (const key of ['termsOfUse', 'customAuthenticationFactors'] as const) {
    if (nonEmpty(grant[key]))
      note(
        `grantControls.${key}`,
        `${key === 'termsOfUse' ? 'terms of use' : 'custom controls'} (${list(grant[key]).join(', ')}) not carried over`,
      );
  }
  let authenticationStrength: string | null = null;
  if (isObject(grant.authenticationStrength)) {
    const id = String(grant.authenticationStrength.id ?? '');
    authenticationStrength = BUILT_IN_STRENGTHS[id] ?? 'mfa';
    if (BUILT_IN_STRENGTHS[id] === undefined) {
      note(
        'grantControls.authenticationStrength',
        `custom authentication strength '${String(grant.authenticationStrength.displayName ?? id)}' carried over as mfa; check that this is strong enough`,
      );
    }
    if (authenticationStrength !== null) {
      const index = builtIn.indexOf('mfa');
      if (index >= 0) builtIn.splice(index, 1);
    }
  }
  if (builtIn.length === 0 && authenticationStrength === null && list(grant.builtInControls).length > 0) {
    note(
      'grantControls',
      'no grant control Keyward enforces is left: the policy requires nothing in Keycloak',
    );
  }

  const session = isObject(policy.sessionControls) ? policy.sessionControls : {};
  const frequency = isObject(session.signInFrequency) ? session.signInFrequency : {};
  const persistent = isObject(session.persistentBrowser) ? session.persistentBrowser : {};
  for (const key of [
    'applicationEnforcedRestrictions',
    'cloudAppSecurity',
    'continuousAccessEvaluation',
    'secureSignInSession',
    'disableResilienceDefaults',
    'globalSecureAccessFilteringProfile',
  ]) {
    const value = session[key];
    if (nonEmpty(value) && !(isObject(value) && value.isEnabled === false)) {
      note(`sessionControls.${key}`, `session control ${key} not carried over`);
    }
  }
  const everyTime = frequency.frequencyInterval === 'everyTime';

  const state = String(policy.state ?? 'disabled');
  const converted = {
    displayName: name,
    state: ['enabled', 'disabled', 'enabledForReportingButNotEnforced'].includes(state) ? state : 'disabled',
    conditions: {
      users: usersOut,
      applications: {
        includeApplications: mapApps(
          list(applications.includeApplications),
          'conditions.applications.includeApplications',
        ),
        excludeApplications: mapApps(
          list(applications.excludeApplications),
          'conditions.applications.excludeApplications',
        ),
      },
      locations: locations
        ? {
            includeLocations: mapLocations(
              list(locations.includeLocations),
              'conditions.locations.includeLocations',
            ),
            excludeLocations: mapLocations(
              list(locations.excludeLocations),
              'conditions.locations.excludeLocations',
            ),
          }
        : { includeLocations: ['All'], excludeLocations: [] },
      clientAppTypes: clientAppTypes.size > 0 ? [...clientAppTypes] : ['all'],
      platforms: platforms
        ? {
            includePlatforms: mapPlatforms(
              list(platforms.includePlatforms),
              'conditions.platforms.includePlatforms',
            ),
            excludePlatforms: mapPlatforms(
              list(platforms.excludePlatforms),
              'conditions.platforms.excludePlatforms',
            ),
          }
        : { includePlatforms: ['all'], excludePlatforms: [] },
    },
    grantControls: {
      operator: grant.operator === 'AND' ? 'AND' : 'OR',
      builtInControls: builtIn,
      authenticationStrength,
    },
    sessionControls: {
      signInFrequency:
        frequency.isEnabled === true
          ? everyTime
            ? { isEnabled: true, frequencyInterval: 'everyTime', value: null, type: null }
            : {
                isEnabled: true,
                frequencyInterval: 'timeBased',
                value: Number(frequency.value),
                type: frequency.type === 'days' ? 'days' : 'hours',
              }
          : { isEnabled: false, frequencyInterval: 'timeBased', value: null, type: null },
      persistentBrowser:
        persistent.isEnabled === true && (persistent.mode === 'always' || persistent.mode === 'never')
          ? { isEnabled: true, mode: persistent.mode }
          : { isEnabled: false, mode: null },
    },
  };
  noteEmptiedIncludes(conditions, converted.conditions, note);
  return converted;
}

/**
 * An include list that had entries in Entra but none left after conversion makes the policy apply to nothing:
 * a block or MFA policy would silently stop protecting anyone. Say so in plain words, next to the dropped entries.
 */
function noteEmptiedIncludes(
  source: Json,
  converted: {
    users: Record<'includeUsers' | 'includeGroups' | 'includeRoles', string[]>;
    applications: { includeApplications: string[] };
    locations: { includeLocations: string[] };
    platforms: { includePlatforms: string[] };
  },
  note: (path: string, message: string) => void,
): void {
  const sourceList = (section: string, key: string): unknown[] => {
    const value = source[section];
    return isObject(value) ? list(value[key]) : [];
  };
  const usersBefore = ['includeUsers', 'includeGroups', 'includeRoles'].flatMap((key) =>
    sourceList('users', key).filter((id) => id !== 'None'),
  );
  const usersAfter = [
    ...converted.users.includeUsers,
    ...converted.users.includeGroups,
    ...converted.users.includeRoles,
  ];
  if (usersBefore.length > 0 && usersAfter.length === 0) {
    note(
      'conditions.users',
      'no included user, group or role is left after conversion: the policy applies to nobody until you add some',
    );
  }
  for (const [section, key, converts, what] of [
    ['applications', 'includeApplications', converted.applications.includeApplications, 'application'],
    ['locations', 'includeLocations', converted.locations.includeLocations, 'location'],
    ['platforms', 'includePlatforms', converted.platforms.includePlatforms, 'platform'],
  ] as const) {
    const before = sourceList(section, key).filter((id) => id !== 'None');
    if (before.length > 0 && converts.length === 0) {
      note(
        `conditions.${section}.${key}`,
        `no included ${what} is left after conversion: the policy never applies until you add one`,
      );
    }
  }
}
