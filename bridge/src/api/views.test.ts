import { describe, expect, it } from 'vitest';
import type { PolicyIssue } from '../policy/index.js';
import { issueDetails, policyChangeResult } from './views.js';

describe('policyChangeResult', () => {
  it('shows each change as its kind, its one-line summary and a flow’s diff, never the desired tree', () => {
    const result = policyChangeResult(
      {
        realm: 'acme',
        changes: [
          { kind: 'create-realm-role', name: 'keyward-admin', description: 'd' },
          {
            kind: 'replace-flow',
            binding: 'browser',
            desired: { alias: 'Keyward browser', description: '', executions: [] },
            liveAlias: 'browser',
            diff: ['- browser', '+ Keyward browser'],
          },
        ],
      },
      true,
      [],
    );
    expect(result).toEqual({
      realm: 'acme',
      dryRun: true,
      changes: [
        { kind: 'create-realm-role', summary: "+ create realm role 'keyward-admin'" },
        {
          kind: 'replace-flow',
          summary: "~ browser flow: bind 'Keyward browser' instead of 'browser'",
          diff: ['- browser', '+ Keyward browser'],
        },
      ],
      warnings: [],
    });
  });
});

describe('issueDetails', () => {
  const issue = (severity: PolicyIssue['severity'], line?: number): PolicyIssue => ({
    severity,
    path: 'securityDefaults.extra',
    pointer: '/securityDefaults/extra',
    rule: 'unknown-key',
    message: "unknown key 'extra'",
    source: 'PUT /v1/policy',
    ...(line ? { line, column: 3 } : {}),
  });

  it('keeps one severity, with the pointer as target and the line in the message', () => {
    expect(issueDetails([issue('error', 4), issue('warning')])).toEqual([
      { code: 'unknown-key', target: '/securityDefaults/extra', message: "unknown key 'extra' (line 4)" },
    ]);
    expect(issueDetails([issue('error', 4), issue('warning')], 'warning')).toHaveLength(1);
  });
});
