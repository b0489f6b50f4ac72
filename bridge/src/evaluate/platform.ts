/**
 * The device platform of a sign-in, read from its User-Agent header, for the `platforms` condition of
 * Conditional Access. One ordered rule table shared with the Java condition through
 * `test/vectors/user-agents.json` (rules in docs/architecture.md, "Platform from the User-Agent").
 */
import type { ConditionalAccessDevicePlatform } from '../policy/types.js';

/** A platform a sign-in can come from: every policy platform but the keyword `all`. */
export type DevicePlatform = Exclude<ConditionalAccessDevicePlatform, 'all'>;

// First match wins. Case-sensitive tokens as browsers send them: an iPhone says "like Mac OS X" and Android says
// "Linux", so the more specific rule comes first; Windows Phone mentions both Windows and Android and is
// none of Keyward's platforms.
const RULES: readonly { tokens: readonly string[]; platform: DevicePlatform | null }[] = [
  { tokens: ['Windows Phone'], platform: null },
  { tokens: ['Android'], platform: 'android' },
  { tokens: ['iPhone', 'iPad', 'iPod'], platform: 'iOS' },
  { tokens: ['Windows'], platform: 'windows' },
  { tokens: ['Macintosh', 'Mac OS X'], platform: 'macOS' },
  { tokens: ['Linux'], platform: 'linux' },
];

/** The platform a User-Agent names, or `null` when it names none Keyward knows (or there is no header). */
export function platformOf(userAgent: string | null | undefined): DevicePlatform | null {
  if (!userAgent) return null;
  for (const rule of RULES) {
    if (rule.tokens.some((token) => userAgent.includes(token))) return rule.platform;
  }
  return null;
}
