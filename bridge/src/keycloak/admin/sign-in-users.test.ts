import { describe, expect, it } from 'vitest';
import { registrationSnoozeOf } from './sign-in-users.js';

describe('registrationSnoozeOf', () => {
  it('reads the stored snooze of the registration campaign', () => {
    expect(registrationSnoozeOf('{"snoozes":2,"snoozedUntil":"2026-11-27T12:00:00Z"}')).toEqual({
      registrationSnooze: { snoozes: 2, snoozedUntil: '2026-11-27T12:00:00Z' },
    });
    expect(registrationSnoozeOf(undefined)).toEqual({});
    expect(registrationSnoozeOf(' ')).toEqual({});
  });

  it('reads nothing from a value Keycloak could not read either (no snooze holds there)', () => {
    for (const unreadable of [
      'not json',
      '{"snoozes":"2","snoozedUntil":"2026-11-27T12:00:00Z"}',
      '{"snoozes":-1,"snoozedUntil":"2026-11-27T12:00:00Z"}',
      '{"snoozes":1.5,"snoozedUntil":"2026-11-27T12:00:00Z"}',
      '{"snoozes":1,"snoozedUntil":"tomorrow"}',
      '{"snoozes":1}',
      '{"snoozes":1,"snoozedUntil":"2026-11-27"}',
    ]) {
      expect(registrationSnoozeOf(unreadable), unreadable).toEqual({});
    }
  });
});
