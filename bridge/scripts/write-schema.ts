/**
 * Writes bridge/schema/keyward-policy.schema.json from `policySchema`, formatted as Biome formats it, so the
 * published file is regenerated rather than edited: `npx tsx bridge/scripts/write-schema.ts`.
 * A unit test (schema.test.ts) fails while the committed file differs from the constant.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policySchema } from '../src/policy/schema.js';

const target = fileURLToPath(new URL('../schema/keyward-policy.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(policySchema, null, 2)}\n`);
execFileSync('npx', ['biome', 'format', '--write', target], { stdio: 'inherit' });
process.stdout.write(`wrote ${target}\n`);
