import { Command, CommanderError, Option } from 'commander';
import { KeywardError } from '../errors.js';
import { compileCommand, validateCommand } from './commands/offline.js';
import { applyCommand, planCommand } from './commands/reconcile.js';
import { upCommand } from './commands/up.js';
import { CliExit, EXIT, type OutputFormat } from './output.js';

/** The embedded server `keyward up` starts, used when neither --keycloak-url nor KEYWARD_KEYCLOAK_URL is given. */
const DEFAULT_KEYCLOAK_URL = 'http://localhost:8080';

const outputOption = () =>
  new Option('--output <format>', 'table, json or csv').choices(['table', 'json', 'csv']).default('table');
const keycloakUrlOption = () =>
  new Option('--keycloak-url <url>', 'Keycloak base URL')
    .env('KEYWARD_KEYCLOAK_URL')
    .default(DEFAULT_KEYCLOAK_URL);

interface CommonOptions {
  output: OutputFormat;
}

/** Builds the `keyward` command line (SPEC §7). */
export function buildProgram(): Command {
  const program = new Command('keyward')
    .description('MFA governance for self-hosted Keycloak')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('validate')
    .description('check a policy document offline')
    .requiredOption('-f, --file <policy>', 'policy document (YAML or JSON)')
    .addOption(outputOption())
    .action((options: CommonOptions & { file: string }) => validateCommand(options));

  program
    .command('compile')
    .description('compile a policy document to realm JSON for kc.sh import / --import-realm')
    .requiredOption('-f, --file <policy>', 'policy document (YAML or JSON)')
    .option('-o, --out <realm.json>', 'write here instead of stdout')
    .option('--realm <name>', 'realm name (default: the base realm name, else the file name)')
    .option('--base <realm.json>', 'realm JSON to compile on top of (clients, users, groups)')
    .addOption(outputOption())
    .action((options: CommonOptions & { file: string; out?: string; realm?: string; base?: string }) =>
      compileCommand(options),
    );

  for (const name of ['plan', 'apply'] as const) {
    const command = program
      .command(name)
      .description(
        name === 'plan'
          ? 'show what apply would change in the live realm'
          : 'reconcile the live realm with the document',
      )
      .requiredOption('-f, --file <policy>', 'policy document (YAML or JSON)')
      .requiredOption('--realm <name>', 'target realm')
      .addOption(keycloakUrlOption())
      .addOption(outputOption());
    if (name === 'apply') {
      command
        .option('--create-realm', 'create the realm when it does not exist')
        .option('--base <realm.json>', 'with --create-realm: realm JSON to create the realm from');
    }
    command.action(
      (
        options: CommonOptions & {
          file: string;
          realm: string;
          keycloakUrl: string;
          createRealm?: boolean;
          base?: string;
        },
      ) => (name === 'plan' ? planCommand(options) : applyCommand(options)),
    );
  }

  program
    .command('up')
    .description('start Keycloak with Keyward and the demo realm (the embedded default)')
    .option('--port <port>', 'HTTP port of Keycloak', '8080')
    .action((options: { port: string }) => upCommand({ port: Number(options.port) }));

  return program;
}

/** Runs the CLI and maps outcomes to exit codes: 0 success, 1 failure, 2 bad usage or invalid input. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliExit) {
      if (error.message) process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    }
    if (error instanceof KeywardError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.code === 'INVALID_ARGUMENT' || error.code === 'INVALID_DOCUMENT'
        ? EXIT.invalid
        : EXIT.failure;
    }
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failure;
  }
}

process.exitCode = await main(process.argv);
