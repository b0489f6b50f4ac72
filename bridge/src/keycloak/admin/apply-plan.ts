import { randomBytes } from 'node:crypto';
import type KcAdminClient from '@keycloak/keycloak-admin-client';
import { NetworkError } from '@keycloak/keycloak-admin-client';
import type { ExecutionSpec, FlowSpec, UserProfileAttributeSpec } from '../../compile/realm-fragment.js';
import { KEYWARD_ALIAS_PREFIX } from '../../compile/realm-fragment.js';
import { KeywardError } from '../../errors.js';
import type { Change, FlowBinding, Plan } from '../../plan/plan.js';

/** Called before each change is applied, for progress output (and to renew the apply lock, hence awaited). */
export type ApplyListener = (change: Change, index: number, total: number) => void | Promise<void>;

const bindingKey: Record<FlowBinding, 'browserFlow' | 'directGrantFlow'> = {
  browser: 'browserFlow',
  directGrant: 'directGrantFlow',
};

/**
 * Carries out a plan against a live realm, change by change, in the plan's order. A flow is never edited in
 * place: the new one is built completely under temporary aliases, bound, and only then is the old one deleted
 * and the new one renamed. A sign-in therefore always meets a complete flow, and a run that stops half-way
 * leaves state that the next plan recognises and finishes.
 */
export async function applyPlan(client: KcAdminClient, plan: Plan, onChange?: ApplyListener): Promise<void> {
  for (const [index, change] of plan.changes.entries()) {
    await onChange?.(change, index, plan.changes.length);
    try {
      await applyChange(client, plan.realm, change);
    } catch (error) {
      throw new KeywardError(
        'KEYCLOAK_REQUEST_FAILED',
        `Applying change ${index + 1} of ${plan.changes.length} (${change.kind}) to realm '${plan.realm}' failed: ` +
          `${describeKeycloakError(error)}. Changes before it were applied; run apply again to finish.`,
        { cause: error },
      );
    }
  }
}

/** Keycloak's own words for a failed admin request, e.g. `HTTP 400: Character '(' not allowed.` */
export function describeKeycloakError(error: unknown): string {
  if (error instanceof NetworkError) return `HTTP ${error.response.status}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

async function applyChange(client: KcAdminClient, realm: string, change: Change): Promise<void> {
  switch (change.kind) {
    case 'create-realm-role':
      await client.roles.create({ realm, name: change.name, description: change.description });
      break;
    case 'register-required-action':
      await client.authenticationManagement.registerRequiredAction({
        realm,
        providerId: change.alias,
        name: change.name,
      });
      await setRequiredAction(client, realm, change.alias, change.enabled, change.priority);
      break;
    case 'set-required-action':
      await setRequiredAction(client, realm, change.alias, change.enabled, change.priority);
      break;
    case 'replace-flow':
      await replaceFlow(client, realm, change.binding, change.desired, change.liveAlias);
      break;
    case 'delete-flow':
      await deleteFlowByAlias(client, realm, change.alias);
      break;
    case 'set-realm-setting': {
      // Keycloak rebuilds a WebAuthn policy from every one of its fields (defaults for those left out) or,
      // given only the passkeys switch, ignores it: send the policy's other fields along, unchanged.
      const policyPrefix = 'webAuthnPolicyPasswordless';
      const current = change.key.startsWith(policyPrefix)
        ? await client.realms.findOne({ realm })
        : undefined;
      const policy = Object.entries(current ?? {}).filter(([key]) => key.startsWith(policyPrefix));
      await client.realms.update({ realm }, { ...Object.fromEntries(policy), [change.key]: change.to });
      break;
    }
    case 'remove-client-flow-override': {
      const [found] = await client.clients.find({ realm, clientId: change.clientId });
      if (!found?.id) break;
      // Keycloak merges the overrides it is sent: an empty value is what removes one.
      const overrides = { ...(found.authenticationFlowBindingOverrides ?? {}), [change.binding]: '' };
      await client.clients.update(
        { realm, id: found.id },
        { ...found, authenticationFlowBindingOverrides: overrides },
      );
      break;
    }
    case 'declare-user-profile-attribute':
      await declareUserProfileAttribute(client, realm, change.attribute);
      break;
    case 'add-event-listeners': {
      const current = await client.realms.findOne({ realm });
      const listeners = current?.eventsListeners ?? [];
      const missing = change.listeners.filter((listener) => !listeners.includes(listener));
      await client.realms.update({ realm }, { eventsListeners: [...listeners, ...missing] });
      break;
    }
    case 'set-attribute': {
      const current = await client.realms.findOne({ realm });
      await client.realms.update(
        { realm },
        { attributes: { ...(current?.attributes ?? {}), [change.key]: change.value } },
      );
      break;
    }
  }
}

/** The user profile is one document: read it, replace or add the one attribute, write it back whole. */
async function declareUserProfileAttribute(
  client: KcAdminClient,
  realm: string,
  attribute: UserProfileAttributeSpec,
): Promise<void> {
  const profile = await client.users.getProfile({ realm });
  const attributes = [...(profile.attributes ?? [])];
  const index = attributes.findIndex((candidate) => candidate.name === attribute.name);
  const declared = { ...(index >= 0 ? attributes[index] : {}), ...attribute };
  if (index >= 0) attributes[index] = declared;
  else attributes.push(declared);
  await client.users.updateProfile({ ...profile, attributes, realm });
}

/** Keycloak's update replaces the whole action, so the current representation goes along with the change. */
async function setRequiredAction(
  client: KcAdminClient,
  realm: string,
  alias: string,
  enabled: boolean,
  priority: number | undefined,
) {
  const action = await client.authenticationManagement.getRequiredActionForAlias({ realm, alias });
  await client.authenticationManagement.updateRequiredAction(
    { realm, alias },
    { ...action, enabled, ...(priority === undefined ? {} : { priority }) },
  );
}

async function findFlowId(client: KcAdminClient, realm: string, alias: string): Promise<string | undefined> {
  const flows = await client.authenticationManagement.getFlows({ realm });
  return flows.find((flow) => flow.alias === alias)?.id;
}

async function deleteFlowByAlias(client: KcAdminClient, realm: string, alias: string): Promise<void> {
  const id = await findFlowId(client, realm, alias);
  // Keycloak deletes sub-flows and their authenticator configs with the top-level flow.
  if (id) await client.authenticationManagement.deleteFlow({ realm, flowId: id });
}

interface Built {
  /** Flow ids and configuration ids created under temporary aliases, with their final aliases. */
  flows: { id: string; alias: string; description: string; topLevel: boolean }[];
  configs: { id: string; alias: string; config: Record<string, string> }[];
}

async function replaceFlow(
  client: KcAdminClient,
  realm: string,
  binding: FlowBinding,
  desired: FlowSpec,
  liveAlias: string,
): Promise<void> {
  const suffix = ` ~${randomBytes(3).toString('hex')}`;
  const built: Built = { flows: [], configs: [] };
  await client.authenticationManagement.createFlow({
    realm,
    alias: desired.alias + suffix,
    description: desired.description,
    providerId: 'basic-flow',
    topLevel: true,
    builtIn: false,
  });
  const topId = await findFlowId(client, realm, desired.alias + suffix);
  if (!topId) throw new Error(`Keycloak did not create flow '${desired.alias + suffix}'.`);
  built.flows.push({ id: topId, alias: desired.alias, description: desired.description, topLevel: true });
  try {
    await populate(client, realm, desired.alias + suffix, desired.executions, suffix, built);
  } catch (error) {
    // Not bound yet, so nobody signs in through it: remove the half-built flow and report the cause.
    await client.authenticationManagement.deleteFlow({ realm, flowId: topId }).catch(() => undefined);
    throw error;
  }

  await client.realms.update({ realm }, { [bindingKey[binding]]: desired.alias + suffix });

  // The old flow, and any leftover under the final alias, go only once the new one is bound.
  const flows = await client.authenticationManagement.getFlows({ realm });
  for (const flow of flows) {
    const stale =
      flow.id !== topId &&
      flow.alias !== undefined &&
      flow.alias.startsWith(KEYWARD_ALIAS_PREFIX) &&
      (flow.alias === liveAlias || flow.alias === desired.alias);
    if (stale && flow.id) await client.authenticationManagement.deleteFlow({ realm, flowId: flow.id });
  }

  for (const flow of built.flows) {
    await client.authenticationManagement.updateFlow(
      { realm, flowId: flow.id },
      {
        id: flow.id,
        alias: flow.alias,
        description: flow.description,
        providerId: 'basic-flow',
        topLevel: flow.topLevel,
        builtIn: false,
      },
    );
  }
  for (const config of built.configs) {
    await client.authenticationManagement.updateConfig({
      realm,
      id: config.id,
      alias: config.alias,
      config: config.config,
    });
  }
}

interface ExecutionListing {
  id: string;
  level: number;
  flowId?: string;
  [key: string]: unknown;
}

async function populate(
  client: KcAdminClient,
  realm: string,
  parentAlias: string,
  executions: ExecutionSpec[],
  suffix: string,
  built: Built,
): Promise<void> {
  // Add every step first: Keycloak appends each one with the next priority, so order is kept.
  for (const execution of executions) {
    if ('flow' in execution) {
      await client.authenticationManagement.addFlowToFlow({
        realm,
        flow: parentAlias,
        alias: execution.flow.alias + suffix,
        type: 'basic-flow',
        provider: 'registration-page-form',
        description: execution.flow.description,
      });
    } else {
      await client.authenticationManagement.addExecutionToFlow({
        realm,
        flow: parentAlias,
        provider: execution.authenticator,
      });
    }
  }
  const listed = (await client.authenticationManagement.getExecutions({
    realm,
    flow: parentAlias,
  })) as ExecutionListing[];
  const direct = listed.filter((entry) => entry.level === 0);
  for (const [index, execution] of executions.entries()) {
    const entry = direct[index];
    if (!entry) throw new Error(`Keycloak lost step ${index + 1} of flow '${parentAlias}'.`);
    // Executions added through the API start DISABLED; the update needs the whole representation.
    await client.authenticationManagement.updateExecution(
      { realm, flow: parentAlias },
      { ...entry, requirement: execution.requirement },
    );
    if ('flow' in execution) {
      if (!entry.flowId) throw new Error(`Keycloak did not create sub-flow '${execution.flow.alias}'.`);
      built.flows.push({
        id: entry.flowId,
        alias: execution.flow.alias,
        description: execution.flow.description,
        topLevel: false,
      });
      await populate(client, realm, execution.flow.alias + suffix, execution.flow.executions, suffix, built);
    } else if (execution.config) {
      const created = await client.authenticationManagement.createConfig({
        realm,
        id: entry.id,
        alias: execution.config.alias + suffix,
        config: execution.config.config,
      });
      built.configs.push({
        id: String(created.id),
        alias: execution.config.alias,
        config: execution.config.config,
      });
    }
  }
}
