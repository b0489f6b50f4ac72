import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { compilePolicy } from '../../compile/compile.js';
import { toRealmRepresentation } from '../../compile/realm-json.js';
import { CliExit, EXIT, type OutputFormat } from '../output.js';
import { loadPolicyFile } from '../policy-file.js';

/** `keyward validate -f policy.yaml`: offline check, exit 0 when valid, 2 with located errors otherwise. */
export async function validateCommand(options: { file: string; output: OutputFormat }): Promise<void> {
  const loaded = await loadPolicyFile(options.file, options.output);
  if (options.output === 'json') {
    process.stdout.write(
      `${JSON.stringify({ valid: true, warnings: loaded.warnings, document: loaded.document }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`${options.file}: valid\n`);
  }
}

/** Reads a base realm JSON (clients, users, groups…) to compile on top of. */
export async function readBaseRealm(path: string | undefined): Promise<Record<string, unknown>> {
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    process.stderr.write(`error: cannot read base realm '${path}': ${(error as Error).message}\n`);
    throw new CliExit(EXIT.invalid);
  }
}

/** The realm a document is for when `--realm` is not given: the base realm's name, else the file's name. */
export function defaultRealmName(file: string, base: Record<string, unknown>): string {
  if (typeof base.realm === 'string') return base.realm;
  return basename(file, extname(file));
}

/** `keyward compile -f policy.yaml -o realm.json`: realm JSON for `kc.sh import` / `--import-realm`. */
export async function compileCommand(options: {
  file: string;
  out?: string;
  realm?: string;
  base?: string;
  output: OutputFormat;
}): Promise<void> {
  const loaded = await loadPolicyFile(options.file, options.output);
  const base = await readBaseRealm(options.base);
  const realm = options.realm ?? defaultRealmName(options.file, base);
  const representation = toRealmRepresentation(compilePolicy(loaded.document), realm, base);
  const json = `${JSON.stringify(representation, null, 2)}\n`;
  if (options.out) {
    await writeFile(options.out, json);
    process.stderr.write(`wrote realm '${realm}' to ${options.out}\n`);
  } else {
    process.stdout.write(json);
  }
}
