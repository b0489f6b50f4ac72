import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { PolicyLocator, SourcePosition } from './issues.js';
import { type PathSegment, parsePath } from './paths.js';

/**
 * Builds the locator of a parsed YAML (or JSON) document. Walking the YAML node tree rather than searching
 * the text keeps positions right for flow style (`{ state: enabled }`), JSON and repeated keys.
 */
export function createLocator(document: Document, lineCounter: LineCounter): PolicyLocator {
  const position = (offset: number | undefined): SourcePosition | undefined => {
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const rootPosition = (): SourcePosition | undefined => {
    const contents = document.contents;
    return position(contents?.range?.[0] ?? 0);
  };

  return (path: string) => {
    const segments = parsePath(path);
    if (segments === undefined) return undefined;
    let node: unknown = document.contents;
    let found = rootPosition();
    for (const segment of segments) {
      if (isAlias(node)) node = node.resolve(document);
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) return found;
        found = position((pair.key as Node).range?.[0]) ?? found;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) return found;
        found = position(item.range?.[0]) ?? found;
        node = item;
      } else {
        return found;
      }
    }
    return found;
  };
}

/**
 * Path of the mapping key that starts at `offset`, for YAML errors that only carry an offset (a duplicate
 * key). Undefined when no key starts there.
 */
export function keyPathAt(document: Document, offset: number): PathSegment[] | undefined {
  const visit = (node: unknown, path: PathSegment[]): PathSegment[] | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const keyPath = [...path, String(pair.key.value)];
        if (pair.key.range?.[0] === offset) return keyPath;
        const inner = visit(pair.value, keyPath);
        if (inner) return inner;
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) {
        const inner = visit(item, [...path, index]);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return visit(document.contents, []);
}
