import { describe, expect, it } from 'vitest';
import { type BuildInputs, buildKey } from './cache.js';

const inputs: BuildInputs = {
  version: '26.7.3',
  extensionSha256: 'a'.repeat(64),
  buildOptions: ['--db=dev-file', '--health-enabled=true', '--metrics-enabled=true'],
};

describe('buildKey', () => {
  it('starts with the version and is stable', () => {
    expect(buildKey(inputs)).toMatch(/^26\.7\.3-[0-9a-f]{16}$/);
    expect(buildKey({ ...inputs, buildOptions: [...inputs.buildOptions] })).toBe(buildKey(inputs));
  });

  it('changes with the version, the extension and the build options', () => {
    const keys = new Set([
      buildKey(inputs),
      buildKey({ ...inputs, version: '26.7.4' }),
      buildKey({ ...inputs, extensionSha256: 'b'.repeat(64) }),
      buildKey({ ...inputs, extensionSha256: null }),
      buildKey({ ...inputs, buildOptions: [...inputs.buildOptions, '--features=passkeys'] }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('keeps the order of build options, since a later option may override an earlier one', () => {
    const reversed = { ...inputs, buildOptions: [...inputs.buildOptions].reverse() };
    expect(buildKey(reversed)).not.toBe(buildKey(inputs));
  });
});
