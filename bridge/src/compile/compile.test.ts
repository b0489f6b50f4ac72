import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/index.js';
import type { PolicyDocument } from '../policy/types.js';
import { compilePolicy } from './compile.js';
import { KEYCLOAK_DEFAULT_REQUIRED_ACTIONS } from './keycloak-defaults.js';
import type { ExecutionSpec, FlowSpec } from './realm-fragment.js';
import { toRealmRepresentation } from './realm-json.js';

function policy(yaml: string): PolicyDocument {
  const result = parsePolicy(`apiVersion: keyward/v1\n${yaml}`, 'test.yaml');
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.document;
}

const authenticators = (flow: FlowSpec): string[] =>
  flow.executions.flatMap((execution: ExecutionSpec) =>
    'flow' in execution
      ? [`[${execution.flow.alias}]`, ...authenticators(execution.flow)]
      : [execution.authenticator],
  );

describe('compilePolicy', () => {
  it('puts security defaults after the first factor in the browser flow, with the privileged roles', () => {
    const fragment = compilePolicy(
      policy(
        'securityDefaults: { isEnabled: true }\nmfaSettings: { privilegedRoles: [realm-management/realm-admin, ops] }',
      ),
    );
    expect(authenticators(fragment.flows.browser)).toEqual([
      '[Keyward SSO or sign-in]',
      'keyward-cookie',
      '[Keyward sign-in]',
      'auth-username-password-form',
      'keyward-security-defaults',
      'keyward-per-user-mfa',
      '[Keyward MFA]',
      'keyward-condition-mfa-required',
      'keyward-mfa-registration',
      '[Keyward second factor]',
      'keyward-condition-mfa-strength',
      'auth-otp-form',
      'webauthn-authenticator',
      'webauthn-authenticator-passwordless',
      'auth-recovery-authn-code-form',
      'keyward-mfa-satisfied',
    ]);
    const defaults = fragment.flows.browser.executions.find(
      (execution) => 'authenticator' in execution && execution.authenticator === 'keyward-security-defaults',
    ) as { config: { config: Record<string, string> } };
    expect(defaults.config.config).toEqual({
      clientAppType: 'browser',
      privilegedRoles: 'realm-management/realm-admin##ops',
      adminClients: 'security-admin-console##admin-cli',
    });
  });

  it('offers email codes as a second factor with their settings, registers their required action and mail theme', () => {
    const secondFactor = (fragment: ReturnType<typeof compilePolicy>): ExecutionSpec[] => {
      const mfa = fragment.flows.browser.executions.find(
        (execution) => 'flow' in execution && execution.flow.alias === 'Keyward MFA',
      ) as { flow: FlowSpec };
      const second = mfa.flow.executions.find(
        (execution) => 'flow' in execution && execution.flow.alias === 'Keyward second factor',
      ) as { flow: FlowSpec };
      return second.flow.executions;
    };
    const enabled = compilePolicy(
      policy(
        'authenticationMethods:\n  email: { state: enabled, codeLength: 6, resendCooldownInSeconds: 60 }',
      ),
    );
    const steps = secondFactor(enabled);
    expect(steps.map((step) => ('authenticator' in step ? step.authenticator : ''))).toEqual([
      'keyward-condition-mfa-strength',
      'auth-otp-form',
      'webauthn-authenticator',
      'webauthn-authenticator-passwordless',
      'keyward-email-otp',
      'auth-recovery-authn-code-form',
    ]);
    expect(steps[4]).toEqual({
      requirement: 'ALTERNATIVE',
      authenticator: 'keyward-email-otp',
      config: {
        alias: 'Keyward email code',
        config: {
          codeLength: '6',
          codeLifetimeInMinutes: '10',
          resendCooldownInSeconds: '60',
          maximumAttemptsPerCode: '5',
        },
      },
    });
    expect(enabled.requiredActions).toContainEqual({
      alias: 'keyward-email-otp-register',
      name: 'Keyward: verify email address for sign-in codes',
      enabled: true,
    });
    expect(enabled.realmSettings.emailTheme).toBe('keyward');

    const disabled = compilePolicy(policy('authenticationMethods:\n  email: { state: disabled }'));
    expect(
      secondFactor(disabled).some(
        (step) => 'authenticator' in step && step.authenticator === 'keyward-email-otp',
      ),
    ).toBe(false);
    expect(
      disabled.requiredActions.find((action) => action.alias === 'keyward-email-otp-register')?.enabled,
    ).toBe(false);
    expect(disabled.realmSettings).not.toHaveProperty('emailTheme');
  });

  it('blocks the password grant before username and password are checked', () => {
    const fragment = compilePolicy(policy('securityDefaults: { isEnabled: true }'));
    expect(authenticators(fragment.flows.directGrant)).toEqual([
      'keyward-security-defaults',
      'direct-grant-validate-username',
      'direct-grant-validate-password',
      'keyward-per-user-mfa',
    ]);
    const blocker = fragment.flows.directGrant.executions[0] as {
      config: { config: Record<string, string> };
    };
    expect(blocker.config.config.clientAppType).toBe('other');
  });

  it('leaves no security-defaults step when they are off, so nothing requires MFA', () => {
    const fragment = compilePolicy(policy('securityDefaults: { isEnabled: false }'));
    expect(authenticators(fragment.flows.browser)).not.toContain('keyward-security-defaults');
    expect(authenticators(fragment.flows.directGrant)).toEqual([
      'direct-grant-validate-username',
      'direct-grant-validate-password',
      'keyward-per-user-mfa',
    ]);
  });

  it('checks app passwords in place of the password on the direct grant only, where the policy allows them', () => {
    const yaml = `securityDefaults: { isEnabled: false }
mfaSettings: { appPasswords: { isAllowed: true } }
conditionalAccessPolicies:
  - displayName: MFA for everyone
    state: enabled
    conditions: { users: { includeUsers: [All] }, applications: { includeApplications: [All] } }
    grantControls: { builtInControls: [mfa] }`;
    const fragment = compilePolicy(policy(yaml));
    expect(authenticators(fragment.flows.directGrant)).toEqual([
      '[Keyward CA - MFA for everyone - direct grant]',
      'keyward-condition-ca-applies',
      'keyward-ca-grant',
      'direct-grant-validate-username',
      'keyward-app-password',
      'keyward-per-user-mfa',
      'keyward-ca-deferred',
    ]);
    expect(authenticators(fragment.flows.browser)).toContain('auth-username-password-form');
    expect(authenticators(fragment.flows.browser)).not.toContain('keyward-app-password');

    const configs = (flow: FlowSpec): Record<string, string>[] =>
      flow.executions.flatMap((execution) =>
        'flow' in execution
          ? configs(execution.flow)
          : execution.config &&
              ['keyward-condition-ca-applies', 'keyward-ca-grant'].includes(execution.authenticator)
            ? [execution.config.config]
            : [],
      );
    // Only the direct grant's policy steps learn that an app password may still satisfy an mfa requirement.
    expect(configs(fragment.flows.directGrant).map((config) => config.appPasswords)).toEqual([
      'allowed',
      'allowed',
    ]);
    expect(configs(fragment.flows.browser).map((config) => config.appPasswords)).toEqual([
      undefined,
      undefined,
    ]);

    const disallowed = compilePolicy(policy(yaml.replace('isAllowed: true', 'isAllowed: false')));
    expect(authenticators(disallowed.flows.directGrant)).toContain('direct-grant-validate-password');
    expect(authenticators(disallowed.flows.directGrant)).not.toContain('keyward-app-password');
    expect(configs(disallowed.flows.directGrant).map((config) => config.appPasswords)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('offers only the enabled methods, for sign-in and for registration', () => {
    const fragment = compilePolicy(
      policy('securityDefaults: { isEnabled: true }\nauthenticationMethods: { fido2: { state: disabled } }'),
    );
    expect(authenticators(fragment.flows.browser)).toContain('auth-otp-form');
    expect(authenticators(fragment.flows.browser)).not.toContain('webauthn-authenticator');
    expect(fragment.requiredActions).toContainEqual({
      alias: 'webauthn-register',
      name: 'Webauthn Register',
      enabled: false,
    });
    expect(fragment.requiredActions).toContainEqual({
      alias: 'CONFIGURE_TOTP',
      name: 'Configure OTP',
      enabled: true,
    });
  });

  it('compiles the registration campaign: the grace config, the nudge after MFA, the wizard in order', () => {
    const fragment = compilePolicy(
      policy(
        'securityDefaults: { isEnabled: true }\n' +
          'registrationCampaign: { state: enabled, targetMethod: fido2, allowedSnoozes: 2, excludeTargets: [group:/vip] }',
      ),
    );
    const mfa = fragment.flows.browser.executions.flatMap((execution) =>
      'flow' in execution && execution.flow.alias === 'Keyward MFA' ? execution.flow.executions : [],
    );
    const steps = mfa.map((execution) =>
      'flow' in execution ? execution.flow.alias : execution.authenticator,
    );
    expect(steps.slice(-2)).toEqual(['keyward-mfa-satisfied', 'keyward-registration-nudge']);
    const registration = mfa.find(
      (execution) => 'authenticator' in execution && execution.authenticator === 'keyward-mfa-registration',
    );
    const config = registration && 'config' in registration ? registration.config?.config : undefined;
    expect(JSON.parse(config?.registrationCampaign ?? '{}')).toMatchObject({
      state: 'enabled',
      allowedSnoozes: 2,
      excludeTargets: ['group:/vip'],
    });
    expect(config?.privilegedRoles).toBe('realm-management/realm-admin');
    const priority = (alias: string) =>
      fragment.requiredActions.find((action) => action.alias === alias)?.priority ?? -1;
    expect(priority('keyward-security-info')).toBeLessThan(priority('keyward-security-info-summary'));
    for (const registrationAction of KEYCLOAK_DEFAULT_REQUIRED_ACTIONS.filter((action) =>
      [
        'CONFIGURE_TOTP',
        'webauthn-register',
        'webauthn-register-passwordless',
        'CONFIGURE_RECOVERY_AUTHN_CODES',
      ].includes(action.alias),
    )) {
      expect(registrationAction.priority).toBeLessThan(priority('keyward-security-info-summary'));
    }
    expect(fragment.userProfileAttributes.map((attribute) => attribute.name)).toEqual([
      'keyward.perUserMfaState',
      'keyward.mfaSessionVersion',
      'keyward.registrationSnooze',
      'keyward.nudgeSnooze',
    ]);
  });

  it('has no nudge without a target method or without the campaign', () => {
    for (const campaign of [
      '{ state: enabled, targetMethod: any }',
      '{ state: disabled, targetMethod: fido2 }',
    ]) {
      const fragment = compilePolicy(policy(`registrationCampaign: ${campaign}`));
      expect(authenticators(fragment.flows.browser)).not.toContain('keyward-registration-nudge');
    }
  });

  it('is deterministic, which is what makes apply idempotent', () => {
    const document = policy('securityDefaults: { isEnabled: true }');
    expect(JSON.stringify(compilePolicy(document))).toBe(JSON.stringify(compilePolicy(document)));
  });
});

describe('toRealmRepresentation', () => {
  const fragment = compilePolicy(policy('securityDefaults: { isEnabled: true }'));
  const realm = toRealmRepresentation(fragment, 'acme', {
    users: [{ username: 'kim' }],
    roles: { realm: [{ name: 'ops' }] },
  });
  const flows = realm.authenticationFlows as {
    alias: string;
    topLevel: boolean;
    authenticationExecutions: { flowAlias?: string; authenticatorConfig?: string }[];
  }[];

  it('lists every sub-flow and configuration that an execution refers to', () => {
    const aliases = new Set(flows.map((flow) => flow.alias));
    const configAliases = new Set(
      (realm.authenticatorConfig as { alias: string }[]).map((config) => config.alias),
    );
    for (const flow of flows) {
      for (const execution of flow.authenticationExecutions) {
        if (execution.flowAlias) expect(aliases).toContain(execution.flowAlias);
        if (execution.authenticatorConfig) expect(configAliases).toContain(execution.authenticatorConfig);
      }
    }
    expect(flows.filter((flow) => flow.topLevel).map((flow) => flow.alias)).toEqual([
      'Keyward browser',
      'Keyward direct grant',
    ]);
    expect(realm.browserFlow).toBe('Keyward browser');
    expect(realm.directGrantFlow).toBe('Keyward direct grant');
  });

  it("keeps Keycloak's default required actions, since an import that lists some drops the rest", () => {
    const aliases = (realm.requiredActions as { alias: string }[]).map((action) => action.alias);
    for (const action of KEYCLOAK_DEFAULT_REQUIRED_ACTIONS) expect(aliases).toContain(action.alias);
    expect(aliases).toContain('keyward-sign-in-details');
    expect(new Set(aliases).size).toBe(aliases.length);
  });

  it('keeps the base realm and adds its own role', () => {
    expect(realm.realm).toBe('acme');
    expect(realm.users).toEqual([{ username: 'kim' }]);
    expect((realm.roles as { realm: { name: string }[] }).realm.map((role) => role.name)).toEqual([
      'ops',
      'keyward-admin',
    ]);
  });
});

describe('realm-config/demo.realm.json', () => {
  it('is the compilation of demo.yaml on demo.base.json (run `npm run realm-config` after editing either)', () => {
    const read = (path: string) =>
      readFileSync(new URL(`../../../realm-config/${path}`, import.meta.url), 'utf8');
    const result = parsePolicy(read('demo.yaml'), 'demo.yaml');
    if (!result.ok) throw new Error('demo.yaml is invalid');
    const expected = toRealmRepresentation(
      compilePolicy(result.document),
      'demo',
      JSON.parse(read('demo.base.json')),
    );
    expect(JSON.parse(read('demo.realm.json'))).toEqual(expected);
  });
});
