import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policySchema } from './schema.js';

type Node = Record<string, unknown>;

function* objectSchemas(node: unknown, path = '#'): Generator<[string, Node]> {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* objectSchemas(item, `${path}/${index}`);
  } else if (node !== null && typeof node === 'object') {
    const schema = node as Node;
    if (schema.type === 'object') yield [path, schema];
    for (const [key, value] of Object.entries(schema)) {
      if (key !== 'default') yield* objectSchemas(value, `${path}/${key}`);
    }
  }
}

describe('policySchema', () => {
  it('is published unchanged as bridge/schema/keyward-policy.schema.json (regenerate: npx tsx bridge/scripts/write-schema.ts)', () => {
    const published = JSON.parse(
      readFileSync(new URL('../../schema/keyward-policy.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(published).toEqual(JSON.parse(JSON.stringify(policySchema)));
  });

  it('refuses unknown keys everywhere', () => {
    const open = [...objectSchemas(policySchema)].filter(
      ([, schema]) => schema.additionalProperties !== false,
    );
    expect(open.map(([path]) => path)).toEqual([]);
  });

  it('describes every property, for editors and Entra admins', () => {
    const undescribed: string[] = [];
    for (const [path, schema] of objectSchemas(policySchema)) {
      for (const [key, property] of Object.entries((schema.properties ?? {}) as Record<string, Node>)) {
        if (typeof property.description !== 'string') undescribed.push(`${path}/properties/${key}`);
      }
    }
    expect(undescribed).toEqual([]);
  });
});
