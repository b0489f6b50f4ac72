import type { PolicyDocument } from '../policy/types.js';
import { type ExecutionSpec, type FlowSpec, KEYWARD_ALIAS_PREFIX } from './realm-fragment.js';
import { type CompiledMfaMethod, enabledMfaMethods, joinMultivalued } from './shared.js';

function secondFactorFlow(methods: CompiledMfaMethod[]): FlowSpec {
  const executions: ExecutionSpec[] = [
    { requirement: 'REQUIRED', authenticator: 'conditional-user-configured' },
  ];
  if (methods.includes('softwareOath'))
    executions.push({ requirement: 'ALTERNATIVE', authenticator: 'auth-otp-form' });
  if (methods.includes('fido2')) {
    executions.push({ requirement: 'ALTERNATIVE', authenticator: 'webauthn-authenticator' });
  }
  return {
    alias: `${KEYWARD_ALIAS_PREFIX}second factor`,
    description: 'Asks for one of the methods the user has registered and the policy allows.',
    executions,
  };
}

/** The one MFA step: asks once when any source recorded a requirement, registering a first method if needed. */
export function mfaFlow(document: PolicyDocument): FlowSpec {
  const methods = enabledMfaMethods(document);
  return {
    alias: `${KEYWARD_ALIAS_PREFIX}MFA`,
    description: 'Asks for MFA once, when any source recorded a requirement; registration first if needed.',
    executions: [
      { requirement: 'REQUIRED', authenticator: 'keyward-condition-mfa-required' },
      {
        requirement: 'REQUIRED',
        authenticator: 'keyward-mfa-registration',
        config: {
          alias: `${KEYWARD_ALIAS_PREFIX}MFA registration`,
          config: { methods: joinMultivalued(methods) },
        },
      },
      { requirement: 'CONDITIONAL', flow: secondFactorFlow(methods) },
    ],
  };
}
