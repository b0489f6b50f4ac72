import { describe, expect, it } from 'vitest';
import { parseKeycloakVersion } from './version.js';

describe('parseKeycloakVersion', () => {
  it('reads the property from a POM', () => {
    const pom = `<project>
  <properties>
    <keycloak.version>26.7.3</keycloak.version>
    <maven.compiler.release>17</maven.compiler.release>
  </properties>
</project>`;
    expect(parseKeycloakVersion(pom)).toBe('26.7.3');
  });

  it('tolerates whitespace around the value', () => {
    expect(parseKeycloakVersion('<keycloak.version>\n  26.6.0\n</keycloak.version>')).toBe('26.6.0');
  });

  it('ignores a property inside a comment', () => {
    const pom = `<!-- was <keycloak.version>25.0.0</keycloak.version> -->
<keycloak.version>26.7.3</keycloak.version>`;
    expect(parseKeycloakVersion(pom)).toBe('26.7.3');
  });

  it('rejects a POM without the property', () => {
    expect(() => parseKeycloakVersion('<project><version>1.0</version></project>')).toThrow(TypeError);
  });
});
