import {
  KEYCLOAK_DEFAULT_REQUIRED_ACTIONS,
  KEYCLOAK_DEFAULT_USER_PROFILE,
  type UserProfileAttributeJson,
} from './keycloak-defaults.js';
import type { AuthenticatorConfigSpec, FlowSpec, RealmFragment } from './realm-fragment.js';

/** Keycloak's realm representation, as far as Keyward writes it; other keys of a base realm pass through. */
export type RealmRepresentationJson = Record<string, unknown> & { realm: string };

interface FlatExecution {
  authenticator?: string;
  authenticatorConfig?: string;
  flowAlias?: string;
  requirement: string;
  priority: number;
  authenticatorFlow: boolean;
  userSetupAllowed: boolean;
}

interface FlatFlow {
  alias: string;
  description: string;
  providerId: 'basic-flow';
  topLevel: boolean;
  builtIn: false;
  authenticationExecutions: FlatExecution[];
}

function flatten(
  flow: FlowSpec,
  topLevel: boolean,
  flows: FlatFlow[],
  configs: AuthenticatorConfigSpec[],
): void {
  const executions: FlatExecution[] = flow.executions.map((execution, index) => {
    const priority = (index + 1) * 10;
    if ('flow' in execution) {
      flatten(execution.flow, false, flows, configs);
      return {
        flowAlias: execution.flow.alias,
        requirement: execution.requirement,
        priority,
        authenticatorFlow: true,
        userSetupAllowed: false,
      };
    }
    if (execution.config) configs.push(execution.config);
    return {
      authenticator: execution.authenticator,
      ...(execution.config ? { authenticatorConfig: execution.config.alias } : {}),
      requirement: execution.requirement,
      priority,
      authenticatorFlow: false,
      userSetupAllowed: false,
    };
  });
  flows.unshift({
    alias: flow.alias,
    description: flow.description,
    providerId: 'basic-flow',
    topLevel,
    builtIn: false,
    authenticationExecutions: executions,
  });
}

/**
 * Turns a compiled fragment into a realm representation that `kc.sh import`, `--import-realm` and
 * `POST /admin/realms` accept. Keycloak adds its built-in flows on import, so only Keyward's are listed.
 * A base realm (clients, users, groups…) may be given; Keyward's keys override the base's.
 */
export function toRealmRepresentation(
  fragment: RealmFragment,
  realm: string,
  base: Record<string, unknown> = {},
): RealmRepresentationJson {
  const flows: FlatFlow[] = [];
  const configs: AuthenticatorConfigSpec[] = [];
  flatten(fragment.flows.directGrant, true, flows, configs);
  flatten(fragment.flows.browser, true, flows, configs);

  const baseRoles = (base.roles ?? {}) as { realm?: { name: string }[] };
  const baseRealmRoles = baseRoles.realm ?? [];
  const roleNames = new Set(baseRealmRoles.map((role) => role.name));
  // Listing required actions on import replaces Keycloak's defaults, so start from them when the base has none.
  const baseActions = (base.requiredActions ??
    KEYCLOAK_DEFAULT_REQUIRED_ACTIONS.map((action) => ({
      ...action,
      providerId: action.alias,
      defaultAction: false,
      config: {},
    }))) as { alias: string }[];
  const managedAliases = new Set(fragment.requiredActions.map((action) => action.alias));

  return {
    enabled: true,
    ...base,
    realm,
    ...fragment.realmSettings,
    roles: {
      ...baseRoles,
      realm: [...baseRealmRoles, ...fragment.realmRoles.filter((role) => !roleNames.has(role.name))],
    },
    browserFlow: fragment.flows.browser.alias,
    directGrantFlow: fragment.flows.directGrant.alias,
    authenticationFlows: [...((base.authenticationFlows as unknown[]) ?? []), ...flows],
    authenticatorConfig: [...((base.authenticatorConfig as unknown[]) ?? []), ...configs],
    requiredActions: [
      ...baseActions.filter((action) => !managedAliases.has(action.alias)),
      ...fragment.requiredActions.map((action) => ({
        alias: action.alias,
        name: action.name,
        providerId: action.alias,
        enabled: action.enabled,
        defaultAction: false,
        priority: action.priority ?? 1000,
        config: {},
      })),
    ],
    attributes: { ...((base.attributes as Record<string, string>) ?? {}), ...fragment.attributes },
    eventsListeners: [
      ...new Set([...((base.eventsListeners as string[]) ?? ['jboss-logging']), ...fragment.eventListeners]),
    ],
    components: withUserProfile(base.components as Components | undefined, fragment),
  };
}

type Components = Record<string, { providerId?: string; config?: Record<string, string[]> }[]>;

const USER_PROFILE_PROVIDER = 'org.keycloak.userprofile.UserProfileProvider';
const USER_PROFILE_CONFIG = 'kc.user.profile.config';

/**
 * The realm's stored user-profile configuration with Keyward's attributes declared: the base realm's when it has
 * one, Keycloak's default otherwise (a realm import keeps only what the JSON stores).
 */
function withUserProfile(components: Components | undefined, fragment: RealmFragment): Components {
  const all = { ...(components ?? {}) };
  const existing = all[USER_PROFILE_PROVIDER]?.[0];
  const stored = existing?.config?.[USER_PROFILE_CONFIG]?.[0];
  const profile = stored
    ? (JSON.parse(stored) as { attributes?: UserProfileAttributeJson[] })
    : structuredClone(KEYCLOAK_DEFAULT_USER_PROFILE);
  const declared = new Set(fragment.userProfileAttributes.map((attribute) => attribute.name));
  profile.attributes = [
    ...(profile.attributes ?? []).filter((attribute) => !declared.has(attribute.name)),
    ...fragment.userProfileAttributes.map((attribute) => ({ ...attribute })),
  ];
  all[USER_PROFILE_PROVIDER] = [
    {
      ...existing,
      providerId: 'declarative-user-profile',
      config: { ...existing?.config, [USER_PROFILE_CONFIG]: [JSON.stringify(profile)] },
    },
  ];
  return all;
}
