import { readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import {
  type ConversionNote,
  convertEntraExport,
  type EntraMapping,
  graphObjectsOf,
} from '../../import/entra.js';
import { parsePolicy } from '../../policy/index.js';
import { CliExit, EXIT, type OutputFormat, printRows } from '../output.js';

/** Options of `keyward import-entra`. */
export interface ImportEntraOptions {
  policies: string;
  locations?: string;
  map: string;
  out?: string;
  output: OutputFormat;
}

function readInput(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliExit(EXIT.invalid, `error: cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new CliExit(EXIT.invalid, `error: ${what} ${file} is not readable: ${(error as Error).message}`);
  }
}

/** The notes as a YAML comment block, so the written document itself says what it lacks. */
function commentOf(notes: readonly ConversionNote[]): string {
  if (notes.length === 0)
    return '# Converted from Microsoft Graph exports by keyward import-entra; everything was carried over.\n';
  const lines = notes.map((note) => `#   ${note.object} › ${note.path}: ${note.message}`);
  return [
    '# Converted from Microsoft Graph exports by keyward import-entra.',
    '# NOT carried over (review before applying):',
    ...lines,
    '',
  ].join('\n');
}

/**
 * `keyward import-entra --policies CA.json [--locations NL.json] --map MAP.yaml [-o policy.yaml]`: writes the
 * converted document (stdout without `-o`) and lists on stderr, per policy, what was not carried over. Exit 1 when
 * the result does not validate (it is written anyway, to be fixed by hand).
 */
export async function importEntraCommand(options: ImportEntraOptions): Promise<void> {
  const mapping = (readInput(options.map, 'mapping file') ?? {}) as EntraMapping;
  let policies: Record<string, unknown>[];
  let locations: Record<string, unknown>[] = [];
  try {
    policies = graphObjectsOf(readInput(options.policies, 'policies export'));
    if (options.locations) locations = graphObjectsOf(readInput(options.locations, 'locations export'));
  } catch (error) {
    throw new CliExit(EXIT.invalid, `error: ${(error as Error).message}`);
  }
  const { document, notes } = convertEntraExport(policies, locations, mapping);
  const yaml = `${commentOf(notes)}${YAML.stringify(document)}`;
  if (options.out) writeFileSync(options.out, yaml);
  else process.stdout.write(yaml);

  if (options.out) {
    printRows(
      options.output,
      notes.map((note) => ({ object: note.object, path: note.path, notCarriedOver: note.message })),
      ['object', 'path', 'notCarriedOver'],
    );
  } else if (notes.length > 0) {
    process.stderr.write(`${notes.length} item(s) not carried over; listed at the top of the document.\n`);
  }
  const parsed = parsePolicy(yaml, options.out ?? 'converted policy');
  if (!parsed.ok) {
    const issues = parsed.issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
    throw new CliExit(
      EXIT.failure,
      `error: the converted document does not validate yet; fix it by hand:\n${issues}`,
    );
  }
}
