/**
 * The login theme's message bundles are complete: English and German have the same keys, and every key that
 * Keyward's templates and Java steps show exists in both — in Keyward's bundles, or in Keycloak's own (base and
 * keycloak.v2 themes, read from the Keycloak distribution this repository pins) in both languages. A missing German
 * key would otherwise show English (or the raw key) on a German sign-in page without anyone noticing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keywardCacheDir } from '../../bridge/src/keycloak/manager/paths.js';

const REPO = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, REPO), 'utf8');
const LANGUAGES = ['en', 'de'] as const;
type Language = (typeof LANGUAGES)[number];

/** Java `.properties` as Keycloak reads theme bundles (UTF-8): comments, `=`/`:`/space separators, escapes, continuations. */
function parseProperties(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    let line = (lines[index] as string).replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && index + 1 < lines.length) {
      line = line.slice(0, -1) + (lines[++index] as string).replace(/^\s+/, '');
    }
    const match = /^((?:\\.|[^:=\s\\])*)\s*[:=\s]?\s*(.*)$/.exec(line);
    if (!match) continue;
    const unescaped = (value: string) =>
      value.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escaped: string) =>
        escaped.length === 5
          ? String.fromCharCode(Number.parseInt(escaped.slice(1), 16))
          : ({ t: '\t', n: '\n', r: '\r', f: '\f' }[escaped] ?? escaped),
      );
    entries.set(unescaped(match[1] as string), unescaped(match[2] as string));
  }
  return entries;
}

const keywardBundle = (language: Language) =>
  parseProperties(read(`themes/keyward/login/messages/messages_${language}.properties`));

/** The email theme's bundle: the subjects and bodies of the mails the Java steps send. */
const keywardEmailBundle = (language: Language) =>
  parseProperties(read(`themes/keyward/email/messages/messages_${language}.properties`));

/** The Keycloak version, pinned in one place. */
const keycloakVersion = () =>
  /<keycloak\.version>([^<]+)<\/keycloak\.version>/.exec(read('plugins/pom.xml'))?.[1];

/**
 * Keycloak's theme jar: from the distribution Keyward caches (what `keyward up` and the integration tests run), else
 * extracted from the distribution zip Maven keeps. Missing both is a failure that says how to get one.
 */
function keycloakThemesJar(): string {
  const version = keycloakVersion();
  const jarName = `org.keycloak.keycloak-themes-${version}.jar`;
  const distJar = join(
    keywardCacheDir(process.env),
    'dist',
    `keycloak-${version}`,
    'lib',
    'lib',
    'main',
    jarName,
  );
  if (existsSync(distJar)) return distJar;
  const zip = join(
    homedir(),
    '.m2/repository/org/keycloak/keycloak-quarkus-dist',
    String(version),
    `keycloak-quarkus-dist-${version}.zip`,
  );
  if (existsSync(zip)) {
    const target = join(keywardCacheDir(process.env), 'messages-test');
    execFileSync('unzip', [
      '-o',
      '-j',
      '-q',
      zip,
      `keycloak-${version}/lib/lib/main/${jarName}`,
      '-d',
      target,
    ]);
    return join(target, jarName);
  }
  throw new Error(
    `Keycloak ${version}'s themes are needed to check the bundles: run \`npm start\` (or any integration test) once ` +
      `so that ${distJar} exists.`,
  );
}

/** The keys Keycloak's login themes that Keyward extends (base, keycloak.v2) provide in one language. */
function keycloakKeys(jar: string, language: Language): Set<string> {
  const keys = new Set<string>();
  for (const theme of ['base', 'keycloak.v2']) {
    const text = execFileSync(
      'unzip',
      ['-p', jar, `theme/${theme}/login/messages/messages_${language}.properties`],
      {
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    for (const key of parseProperties(text).keys()) keys.add(key);
  }
  return keys;
}

const templatesDir = new URL('themes/keyward/login/', REPO);
const templates = () =>
  readdirSync(templatesDir)
    .filter((name) => name.endsWith('.ftl'))
    .map((name) => ({ name, text: readFileSync(new URL(name, templatesDir), 'utf8') }));

/** Keys the templates show: `msg("key")`, `label="key"` of the buttons macros; `msg("prefix" + …)` as a prefix. */
function templateKeys(): { keys: Set<string>; prefixes: Set<string> } {
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const { text } of templates()) {
    for (const match of text.matchAll(/msg\(\s*"([^"]+)"\s*(\+)?/g)) {
      (match[2] ? prefixes : keys).add(match[1] as string);
    }
    for (const match of text.matchAll(/<@buttons\.[^>]*\blabel="([^"]+)"/g)) keys.add(match[1] as string);
  }
  return { keys, prefixes };
}

function javaSources(dir: URL): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.java'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}

/**
 * Message keys in the Java steps: string literals `keywardXxx` (message keys are camelCase; provider ids are
 * kebab-case and notes dotted). A literal the templates use as a data-model variable or a form field (e.g. the
 * onboarding methods list) is not a message. A literal ending in `_` or `.` is a prefix completed at runtime.
 */
function javaKeys(): { keys: Set<string>; prefixes: Set<string> } {
  const templateText = templates()
    .map(({ text }) => text.replace(/msg\(\s*"[^"]*"/g, '').replace(/label="[^"]*"/g, ''))
    .join('\n');
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const source of javaSources(new URL('plugins/src/main/java/', REPO))) {
    for (const match of source.matchAll(/"(keyward[A-Z][A-Za-z0-9_.]*)"/g)) {
      const literal = match[1] as string;
      if (/[_.]$/.test(literal)) prefixes.add(literal);
      else if (!new RegExp(`\\b${literal}\\b`).test(templateText)) keys.add(literal);
    }
  }
  return { keys, prefixes };
}

describe('login theme message bundles', () => {
  it('have the same keys in English and German, none of them empty', () => {
    const en = keywardBundle('en');
    const de = keywardBundle('de');
    expect(
      [...en.keys()].filter((key) => !de.has(key)),
      'keys missing in messages_de',
    ).toEqual([]);
    expect(
      [...de.keys()].filter((key) => !en.has(key)),
      'keys missing in messages_en',
    ).toEqual([]);
    for (const [language, bundle] of [
      ['en', en],
      ['de', de],
    ] as const) {
      expect(
        [...bundle].filter(([, value]) => value.trim() === '').map(([key]) => key),
        `empty values in messages_${language}`,
      ).toEqual([]);
    }
  });

  it('parse the way Java reads them (the parser is checked on the tricky cases)', () => {
    const parsed = parseProperties('# c\n! c\na=1\nb : 2\nc 3\nd=x\\\n   y\ne=\\u00e4\\=\nf\\:g=h\n');
    expect([...parsed]).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', 'xy'],
      ['e', 'ä='],
      ['f:g', 'h'],
    ]);
  });

  it('hold every key the templates and the Java steps use, in both languages (or Keycloak has it in both)', () => {
    const jar = keycloakThemesJar();
    const template = templateKeys();
    const java = javaKeys();
    // The scan must find what we know is there, or it would pass by finding nothing.
    expect(template.keys).toContain('keywardTapTitle');
    expect(template.keys).toContain('keywardMethodPickerTitle');
    expect(java.keys).toContain('keywardMfaNotConfigured');
    expect(java.prefixes).toContain('keywardMfaStrengthNotMet_');
    expect(java.keys).not.toContain('keywardOnboardingMethods');

    for (const language of LANGUAGES) {
      const keyward = keywardBundle(language);
      const keycloak = keycloakKeys(jar, language);
      expect(keycloak.size, `Keycloak's ${language} bundles`).toBeGreaterThan(400);
      const mails = keywardEmailBundle(language);
      const has = (key: string) => keyward.has(key) || keycloak.has(key);
      const missing = [
        ...[...template.keys].filter((key) => !has(key)),
        // Java also names mail subjects and bodies, which live in the email theme.
        ...[...java.keys].filter((key) => !has(key) && !mails.has(key)),
      ];
      expect(missing, `keys missing in ${language}`).toEqual([]);
      const prefixMisses = [...template.prefixes, ...java.prefixes].filter(
        (prefix) => ![...keyward.keys(), ...keycloak].some((key) => key.startsWith(prefix)),
      );
      expect(prefixMisses, `key families missing in ${language}`).toEqual([]);
    }
  });

  it('name every strength in the strength messages the Java steps build', () => {
    const strengths = ['mfa', 'passwordlessMfa', 'phishingResistantMfa'];
    for (const language of LANGUAGES) {
      const keyward = keywardBundle(language);
      for (const prefix of javaKeys().prefixes) {
        if (!prefix.startsWith('keywardMfaStrength')) continue;
        for (const strength of strengths)
          expect(keyward.has(prefix + strength), `${language}: ${prefix}${strength}`).toBe(true);
      }
    }
  });
});
