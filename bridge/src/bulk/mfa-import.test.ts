import { describe, expect, it } from 'vitest';
import { parseMfaImport, parseResults, pendingRows, resultHeader, resultLine } from './mfa-import.js';

const known = new Set(['ann', 'bob', 'cy']);

describe('parseMfaImport', () => {
  it('reads valid rows with their line numbers', () => {
    const { rows, problems } = parseMfaImport(
      'username,perUserMfaState\nann,enabled\n\nBob,enforced\n',
      known,
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, username: 'ann', perUserMfaState: 'enabled' },
      { line: 4, username: 'Bob', perUserMfaState: 'enforced' },
    ]);
  });

  it('lists every problem by line: unknown user, bad state, duplicate, column count', () => {
    const { problems } = parseMfaImport(
      'username,perUserMfaState\nann,enabled\nzed,enabled\nbob,on\nANN,disabled\ncy\n,enabled\n',
      known,
    );
    expect(problems).toEqual([
      { line: 3, message: "no user 'zed' in the realm" },
      { line: 4, message: "'on' is not a per-user MFA state; use one of disabled, enabled, enforced" },
      { line: 5, message: "'ANN' is already on line 2" },
      { line: 6, message: 'expected 2 columns (username,perUserMfaState), found 1' },
      { line: 7, message: 'the username is empty' },
    ]);
  });

  it('requires the header', () => {
    expect(parseMfaImport('ann,enabled\n').problems).toEqual([
      { line: 1, message: "the header must be 'username,perUserMfaState', not 'ann,enabled'" },
    ]);
    expect(parseMfaImport('').problems).toEqual([{ line: 0, message: 'the file is empty' }]);
  });

  it('reports unreadable CSV', () => {
    const { problems } = parseMfaImport('username,perUserMfaState\n"ann,enabled\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/not readable as CSV/);
  });
});

describe('results and reruns', () => {
  it('skips rows a previous run finished, retries failed ones', () => {
    const { rows } = parseMfaImport('username,perUserMfaState\nann,enabled\nbob,enforced\ncy,disabled\n');
    const file =
      resultHeader() +
      resultLine({
        line: 2,
        username: 'ann',
        perUserMfaState: 'enabled',
        outcome: 'changed',
        previous: 'disabled',
        message: '',
      }) +
      resultLine({
        line: 3,
        username: 'bob',
        perUserMfaState: 'enforced',
        outcome: 'failed',
        previous: '',
        message: 'HTTP 503, "busy"',
      }) +
      'partial,li';
    const previous = parseResults(file);
    expect(previous.map((result) => result.outcome)).toEqual(['changed', 'failed']);
    expect(previous[1]?.message).toBe('HTTP 503, "busy"');
    expect(pendingRows(rows, previous).map((row) => row.username)).toEqual(['bob', 'cy']);
  });

  it('does the row again when the file now asks another state', () => {
    const { rows } = parseMfaImport('username,perUserMfaState\nann,enforced\n');
    const previous = parseResults(
      resultHeader() +
        resultLine({
          line: 2,
          username: 'ann',
          perUserMfaState: 'enabled',
          outcome: 'changed',
          previous: 'disabled',
          message: '',
        }),
    );
    expect(pendingRows(rows, previous)).toHaveLength(1);
  });
});
