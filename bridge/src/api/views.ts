/**
 * Pure shaping of what handlers read into what the API answers (SPEC §6, shapes after Microsoft Graph).
 */

import type { WhatIfResult } from '../keycloak/admin/what-if.js';
import { describeChange } from '../plan/describe.js';
import type { LockoutReport } from '../plan/lockout.js';
import type { Change, Plan } from '../plan/plan.js';
import type { PolicyDocument, PolicyIssue } from '../policy/index.js';
import type { ErrorDetail } from './errors.js';

/** One change of a plan as the API shows it: its kind, the line `keyward plan` prints, and a flow's diff. */
export interface ChangeView {
  kind: Change['kind'];
  summary: string;
  diff?: string[];
}

/** The answer of `PUT /v1/policy`. */
export interface PolicyChangeResult {
  realm: string;
  dryRun: boolean;
  changes: ChangeView[];
  warnings: ErrorDetail[];
}

/** A plan as the API shows it; the desired flow trees stay out, their diff says what changes. */
export function policyChangeResult(plan: Plan, dryRun: boolean, warnings: ErrorDetail[]): PolicyChangeResult {
  return {
    realm: plan.realm,
    dryRun,
    changes: plan.changes.map((change) => ({
      kind: change.kind,
      summary: describeChange(change),
      ...(change.kind === 'replace-flow' ? { diff: change.diff } : {}),
    })),
    warnings,
  };
}

/** Issues of one severity as error details, placed by their JSON pointers. */
export function issueDetails(
  issues: readonly PolicyIssue[],
  severity: PolicyIssue['severity'] = 'error',
): ErrorDetail[] {
  return issues
    .filter((issue) => issue.severity === severity)
    .map((issue) => ({
      code: issue.rule,
      target: issue.pointer,
      message: issue.line !== undefined ? `${issue.message} (line ${issue.line})` : issue.message,
    }));
}

/** The lock-out guard's warnings (a policy that applies to the caller, missing break-glass accounts). */
export function lockoutDetails(report: LockoutReport): ErrorDetail[] {
  return report.warnings.map((message) => ({ code: 'lockout', target: '', message }));
}

/** A collection, as Graph answers one. */
export const collection = <T>(value: readonly T[]): { value: T[] } => ({ value: [...value] });

/** The document's Conditional Access policies, disabled ones included (an admin sees every policy). */
export const conditionalAccessPolicies = (document: PolicyDocument | undefined) =>
  collection(document?.conditionalAccessPolicies ?? []);

/** The document's named locations. */
export const namedLocations = (document: PolicyDocument | undefined) =>
  collection(document?.namedLocations ?? []);

/** What-if's answer: the sign-in as evaluated (with the named locations its address lies in), then the decision. */
export function whatIfView(result: WhatIfResult) {
  return {
    realm: result.realm,
    signIn: {
      user: result.signIn.user,
      clientId: result.signIn.clientId,
      ipAddress: result.signIn.ip,
      clientAppType: result.signIn.clientAppType,
      devicePlatform: result.platform,
      hasRememberMfaMark: result.signIn.hasRememberMfaMark,
      namedLocations: result.locations,
    },
    enforcement: result.enforcement,
    evaluation: result.evaluation,
  };
}
