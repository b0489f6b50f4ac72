import { describe, expect, it } from 'vitest';
import { cidrProblem, groupPathProblem, keycloakRoleProblem, methodTargetProblem } from './formats.js';

describe('cidrProblem', () => {
  it.each([
    '203.0.113.0/24',
    '0.0.0.0/0',
    '10.0.0.1/32',
    '2001:db8::/48',
    '::/0',
    '::1/128',
    '::ffff:192.0.2.0/120',
  ])('accepts %s', (range) => {
    expect(cidrProblem(range)).toBeUndefined();
  });

  it.each([
    '203.0.113.0',
    '203.0.113.0/24/1',
    '256.0.0.0/8',
    '010.0.0.0/8',
    '0x0a.0.0.0/8',
    '10.0.0.0/-1',
    '10.0.0.0/ 8',
    'fe80::%eth0/64',
    'x/8',
  ])('refuses %s', (range) => {
    expect(cidrProblem(range)).toBeTypeOf('string');
  });
});

describe('reference formats', () => {
  it('accepts role and client/role only', () => {
    expect(keycloakRoleProblem('offline_access')).toBeUndefined();
    expect(keycloakRoleProblem('realm-management/realm-admin')).toBeUndefined();
    for (const bad of ['', '/role', 'client/', 'a/b/c', ' role'])
      expect(keycloakRoleProblem(bad)).toBeTypeOf('string');
  });

  it('accepts absolute group paths only', () => {
    expect(groupPathProblem('/it/onboarding')).toBeUndefined();
    for (const bad of ['it', '/', '/it/', '//it']) expect(groupPathProblem(bad)).toBeTypeOf('string');
  });

  it('accepts all and group:/path as method targets', () => {
    expect(methodTargetProblem('all')).toBeUndefined();
    expect(methodTargetProblem('group:/it')).toBeUndefined();
    for (const bad of ['All', 'group:it', 'user:alice'])
      expect(methodTargetProblem(bad)).toBeTypeOf('string');
  });
});
