import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

  it('links every committed screenshot from the user guide, and links no screenshot that is missing', () => {
    const guide = read('docs/user-guide.md');
    const shots = readdirSync(new URL('../../docs/screenshots/', import.meta.url)).filter((name) =>
      name.endsWith('.png'),
    );
    expect(shots.length).toBeGreaterThan(20);
    expect(shots.filter((name) => !guide.includes(`screenshots/${name})`))).toEqual([]);
    const docs = ['docs/user-guide.md', 'docs/portal.md', 'docs/admin-guide.md', 'README.md'];
    for (const doc of docs) {
      for (const [, name] of read(doc).matchAll(/screenshots\/([\w.-]+\.png)/g)) {
        expect(
          existsSync(new URL(`../../docs/screenshots/${name}`, import.meta.url)),
          `${doc}: ${name}`,
        ).toBe(true);
      }
    }
  });
});
