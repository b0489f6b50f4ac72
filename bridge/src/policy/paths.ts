/**
 * Paths into a policy document in the two spellings issues carry: the readable one admins see
 * (`conditionalAccessPolicies[2].conditions.users.includeGroups[0]`) and a JSON pointer for the HTTP API.
 */

/** One step into the document: a key of a mapping or an index of a list. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** Readable path; keys that are not identifiers (an unknown key may be anything) are quoted in brackets. */
export function formatPath(segments: readonly PathSegment[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** RFC 6901 pointer for the same segments. */
export function toPointer(segments: readonly PathSegment[]): string {
  return segments
    .map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

/**
 * Segments of a readable path or of a JSON pointer (anything starting with `/`). Returns undefined for a
 * string that is neither, so a caller's typo does not silently locate the document root.
 */
export function parsePath(path: string): PathSegment[] | undefined {
  if (path.startsWith('/')) {
    return path
      .slice(1)
      .split('/')
      .map((token) => {
        const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
        return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
      });
  }
  const segments: PathSegment[] = [];
  let rest = path;
  while (rest !== '') {
    const index = /^\[(\d+)\]/.exec(rest);
    const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    const key = /^\.?([A-Za-z_$][\w$-]*)/.exec(rest);
    if (index?.[1] !== undefined) segments.push(Number(index[1]));
    else if (quoted?.[1] !== undefined) segments.push(JSON.parse(quoted[1]) as string);
    else if (key?.[1] !== undefined && (segments.length > 0 || !rest.startsWith('.'))) segments.push(key[1]);
    else return undefined;
    rest = rest.slice((index ?? quoted ?? key)?.[0].length ?? rest.length);
  }
  return segments;
}
