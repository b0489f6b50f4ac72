import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const pomVersion = () => /<keycloak\.version>([^<]+)<\/keycloak\.version>/.exec(read('plugins/pom.xml'))?.[1];

describe('repository consistency', () => {
  it('pins the Keycloak version in plugins/pom.xml and nowhere else disagrees', () => {
    const version = pomVersion();
    expect(version).toMatch(/^26\.\d+\.\d+$/);
    const images = [...read('docker-compose.yml').matchAll(/quay\.io\/keycloak\/keycloak:([\w.-]+)/g)].map(
      (m) => m[1],
    );
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toBe(version);
  });

  it('has a docker-compose.yml that docker-compose accepts', () => {
    // `config -q` parses and validates the file against the compose schema without needing an engine.
    const result = execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: new URL('../../', import.meta.url),
      encoding: 'utf8',
    });
    expect(result).toBe('');
  });
});
