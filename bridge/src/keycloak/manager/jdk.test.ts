import { describe, expect, it } from 'vitest';
import { javaMajor, parseJavaRelease, parseJavaVersionOutput } from './jdk.js';

describe('parseJavaRelease', () => {
  it('reads JAVA_VERSION from a Temurin release file', () => {
    const release = [
      'IMPLEMENTOR="Eclipse Adoptium"',
      'IMPLEMENTOR_VERSION="Temurin-25.0.3+9"',
      'JAVA_RUNTIME_VERSION="25.0.3+9-LTS"',
      'JAVA_VERSION="25.0.3"',
      'JAVA_VERSION_DATE="2026-04-21"',
      'MODULES="java.base java.compiler"',
    ].join('\n');
    expect(parseJavaRelease(release)).toBe('25.0.3');
  });

  it('does not mistake JAVA_VERSION_DATE or JAVA_RUNTIME_VERSION for the version', () => {
    expect(
      parseJavaRelease('JAVA_VERSION_DATE="2025-04-15"\nJAVA_RUNTIME_VERSION="17.0.15+6"'),
    ).toBeUndefined();
  });

  it('accepts an unquoted value and Windows line ends', () => {
    expect(parseJavaRelease('JAVA_VERSION=21.0.5\r\nOS_NAME="Linux"\r\n')).toBe('21.0.5');
  });
});

describe('parseJavaVersionOutput', () => {
  it('reads the version `java -version` prints', () => {
    const output = [
      'openjdk version "17.0.15" 2025-04-15',
      'OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)',
    ].join('\n');
    expect(parseJavaVersionOutput(output)).toBe('17.0.15');
  });
});

describe('javaMajor', () => {
  it.each([
    ['25.0.3', 25],
    ['21', 21],
    ['17-ea', 17],
    ['1.8.0_392', 8],
  ])('%s is Java %i', (version, major) => {
    expect(javaMajor(version)).toBe(major);
  });

  it('returns undefined for text that is no version', () => {
    expect(javaMajor('unknown')).toBeUndefined();
  });
});
