import { readFile } from 'node:fs/promises';
import { KeywardError } from '../../errors.js';
import { repoPath } from './paths.js';

/**
 * Extracts `<keycloak.version>` from the text of a Maven POM. Comments are removed first so a comment that
 * mentions the property cannot shadow the real one.
 */
export function parseKeycloakVersion(pomXml: string): string {
  const withoutComments = pomXml.replace(/<!--[\s\S]*?-->/g, '');
  const match = /<keycloak\.version>\s*([^<\s]+)\s*<\/keycloak\.version>/.exec(withoutComments);
  if (!match?.[1]) {
    throw new TypeError('pomXml has no <keycloak.version> property');
  }
  return match[1];
}

/** The Keycloak version pinned in `plugins/pom.xml`, the single place the project pins it. */
export async function keycloakVersion(pomPath: string = repoPath('plugins', 'pom.xml')): Promise<string> {
  let text: string;
  try {
    text = await readFile(pomPath, 'utf8');
  } catch (cause) {
    throw new KeywardError(
      'KEYCLOAK_START_FAILED',
      `Cannot read the Keycloak version: ${pomPath} is missing.`,
      {
        cause,
      },
    );
  }
  try {
    return parseKeycloakVersion(text);
  } catch (cause) {
    throw new KeywardError('KEYCLOAK_START_FAILED', `${pomPath} does not pin <keycloak.version>.`, { cause });
  }
}
