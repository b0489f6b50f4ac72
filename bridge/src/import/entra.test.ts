import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parsePolicy } from '../policy/index.js';
import type { ConditionalAccessPolicy } from '../policy/types.js';
import { convertEntraExport, type EntraMapping, graphObjectsOf } from './entra.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const conversion = convertEntraExport(
  graphObjectsOf(JSON.parse(fixture('conditional-access-policies.json'))),
  graphObjectsOf(JSON.parse(fixture('named-locations.json'))),
  YAML.parse(fixture('mapping.yaml')) as EntraMapping,
);

const notesOf = (object: string) =>
  conversion.notes.filter((note) => note.object === object).map((note) => `${note.path}: ${note.message}`);

describe('convertEntraExport', () => {
  it('produces a document the validator accepts', () => {
    const parsed = parsePolicy(YAML.stringify(conversion.document), 'converted.yaml');
    if (!parsed.ok)
      throw new Error(parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'));
    expect(parsed.document.conditionalAccessPolicies.map((policy) => policy.displayName)).toEqual([
      'Require MFA for administrators',
      'Finance app from outside the office',
      'Block legacy authentication',
    ]);
    expect(parsed.document.namedLocations).toEqual([
      { displayName: 'Head office', ipRanges: ['203.0.113.0/24', '2001:db8::/48'], isTrusted: true },
      { displayName: 'Partner VPN', ipRanges: ['198.51.100.0/25'], isTrusted: false },
    ]);
  });

  it('maps object ids to usernames, group paths, roles and client ids', () => {
    const [admins, finance] = conversion.document.conditionalAccessPolicies as ConditionalAccessPolicy[];
    expect(admins?.conditions.users).toEqual({
      includeUsers: [],
      excludeUsers: ['break-glass-1'],
      includeGroups: [],
      excludeGroups: [],
      includeRoles: ['realm-management/realm-admin'],
      excludeRoles: [],
    });
    expect(finance?.conditions.users.includeGroups).toEqual(['/finance']);
    expect(finance?.conditions.users.excludeGroups).toEqual(['/finance/auditors']);
    expect(finance?.conditions.applications.includeApplications).toEqual(['finance-portal']);
    expect(finance?.conditions.locations.excludeLocations).toEqual(['AllTrusted', 'Partner VPN']);
    expect(finance?.grantControls).toEqual({
      operator: 'AND',
      builtInControls: [],
      authenticationStrength: 'phishingResistantMfa',
    });
    expect(finance?.sessionControls.signInFrequency).toEqual({
      isEnabled: true,
      frequencyInterval: 'timeBased',
      value: 4,
      type: 'hours',
    });
  });

  it('lists per policy what it could not carry over', () => {
    expect(notesOf('Require MFA for administrators')).toEqual([
      "conditions.users.includeRoles: directory role '194ae4cb-b126-40b2-bd5b-6091b380977d' has no entry in the mapping file; left out",
    ]);
    const finance = notesOf('Finance app from outside the office');
    expect(finance).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^conditions\.signInRiskLevels: sign-in risk levels/),
        expect.stringMatching(
          /^conditions\.clientAppTypes: mobileAppsAndDesktopClients carried over as browser/,
        ),
        expect.stringMatching(/^conditions\.platforms\.excludePlatforms: platform 'windowsPhone'/),
        expect.stringMatching(/^conditions\.applications\.includeApplications: application 'a0b1c2d3-/),
        "grantControls.builtInControls: grant control 'compliantDevice' not carried over: Keycloak cannot check it",
        expect.stringMatching(/^grantControls\.termsOfUse: terms of use/),
      ]),
    );
    const legacy = notesOf('Block legacy authentication');
    expect(legacy).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^conditions\.userRiskLevels: user risk levels/),
        expect.stringMatching(/^conditions\.devices: device filter/),
        expect.stringMatching(/^conditions\.users\.excludeUsers: guests or external users/),
        expect.stringMatching(
          /^conditions\.locations\.includeLocations: country location 'Embargoed countries'/,
        ),
        'conditions.locations.includeLocations: no included location is left after conversion: the policy never applies until you add one',
      ]),
    );
    // Only the policy whose every included location was dropped gets the warning.
    expect(finance.filter((line) => line.includes('is left after conversion'))).toEqual([]);
    expect(notesOf('Embargoed countries')).toEqual([
      'countriesAndRegions: country location (KP, IR) not carried over: Keycloak sees addresses, not countries',
    ]);
  });

  it('says when every included user, group and role was dropped', () => {
    const { notes } = convertEntraExport(
      [
        {
          displayName: 'Unmapped group only',
          state: 'enabled',
          conditions: {
            users: { includeGroups: ['no-such-id'] },
            applications: { includeApplications: ['All'] },
          },
          grantControls: { operator: 'OR', builtInControls: ['mfa'] },
        },
      ],
      [],
      {},
    );
    expect(notes.map((note) => `${note.path}: ${note.message}`)).toEqual([
      "conditions.users.includeGroups: group 'no-such-id' has no entry in the mapping file; left out",
      'conditions.users: no included user, group or role is left after conversion: the policy applies to nobody until you add some',
    ]);
  });

  it('reads legacy client app types as other', () => {
    const legacy = (conversion.document.conditionalAccessPolicies as ConditionalAccessPolicy[])[2];
    expect(legacy?.conditions.clientAppTypes).toEqual(['other']);
    expect(legacy?.conditions.users.excludeUsers).toEqual(['break-glass-1']);
  });

  it('accepts one object, an array or a list response', () => {
    expect(graphObjectsOf({ id: 'a' })).toEqual([{ id: 'a' }]);
    expect(graphObjectsOf([{ id: 'a' }, 3])).toEqual([{ id: 'a' }]);
    expect(() => graphObjectsOf('nope')).toThrow(TypeError);
  });
});
