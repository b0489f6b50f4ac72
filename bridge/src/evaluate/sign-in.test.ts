import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PolicyDocument, parsePolicy } from '../policy/index.js';
import { evaluateSignIn, platformOf, type SignIn, type SignInEvaluation } from './index.js';

interface SignInVector {
  name: string;
  policy: Record<string, unknown>;
  signIn: SignIn;
  expected: SignInEvaluation;
}

const readVectors = <T>(file: string): { cases: T[] } =>
  JSON.parse(readFileSync(new URL(`../../../test/vectors/${file}`, import.meta.url), 'utf8'));

const signInVectors = readVectors<SignInVector>('sign-in.json');
const userAgentVectors = readVectors<{ userAgent: string; platform: string | null }>('user-agents.json');

/** The vector's partial document with every default filled, as the validator fills them. */
function documentOf(vector: SignInVector): PolicyDocument {
  const parsed = parsePolicy(JSON.stringify({ apiVersion: 'keyward/v1', ...vector.policy }), vector.name);
  if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('\n'));
  return parsed.document;
}

describe('evaluateSignIn (shared vectors)', () => {
  it('has the vectors the contract asks for', () => {
    expect(signInVectors.cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(signInVectors.cases.map((vector) => vector.name)).size).toBe(signInVectors.cases.length);
  });

  it.each(signInVectors.cases.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    expect(evaluateSignIn(documentOf(vector), vector.signIn)).toEqual(vector.expected);
  });
});

describe('platformOf (shared vectors)', () => {
  it.each(userAgentVectors.cases.map((vector) => [vector.userAgent || '(none)', vector] as const))(
    '%s',
    (_name, vector) => {
      expect(platformOf(vector.userAgent)).toBe(vector.platform);
    },
  );

  it('reads a missing header as unknown', () => {
    expect(platformOf(undefined)).toBeNull();
    expect(platformOf(null)).toBeNull();
  });
});

describe('evaluateSignIn', () => {
  const parsed = parsePolicy(
    [
      'apiVersion: keyward/v1',
      'conditionalAccessPolicies:',
      '  - displayName: Mobile',
      '    state: enabled',
      '    conditions:',
      '      users: { includeUsers: [All] }',
      '      applications: { includeApplications: [All] }',
      '      platforms: { includePlatforms: [iOS] }',
      '    grantControls: { builtInControls: [mfa] }',
    ].join('\n'),
    'test.yaml',
  );
  if (!parsed.ok) throw new Error('fixture must be valid');
  const signIn: SignIn = {
    user: {
      username: 'kim',
      groups: [],
      realmRoles: [],
      clientRoles: [],
      perUserMfaState: 'disabled',
      methods: [],
    },
    clientId: 'app',
    ip: '198.51.100.7',
    clientAppType: 'browser',
    userAgent: 'curl/8.5.0',
    hasRememberMfaMark: false,
  };

  it('takes a given platform over the User-Agent', () => {
    expect(evaluateSignIn(parsed.document, signIn).outcome).toBe('none');
    expect(evaluateSignIn(parsed.document, { ...signIn, platform: 'iOS' }).outcome).toBe('mfa');
  });

  it('names the argument that is wrong', () => {
    expect(() => evaluateSignIn(parsed.document, null as unknown as SignIn)).toThrow(TypeError);
    expect(() => evaluateSignIn(null as unknown as PolicyDocument, signIn)).toThrow(/document/);
  });
});
