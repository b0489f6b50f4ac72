import { Command, CommanderError, Option } from 'commander';
import { KeywardError } from '../errors.js';
import { type ImportEntraOptions, importEntraCommand } from './commands/import-entra.js';
import { compileCommand, validateCommand } from './commands/offline.js';
import { applyCommand, planCommand } from './commands/reconcile.js';
import { type ReportOptions, reportRegistrationCommand, reportSignInsCommand } from './commands/report.js';
import { provisionBridgeCommand, serveCommand } from './commands/serve.js';
import {
  type TapIssueOptions,
  type TapOptions,
  tapDeleteCommand,
  tapIssueCommand,
  tapShowCommand,
} from './commands/tap.js';
import { upCommand } from './commands/up.js';
import {
  type UsersMethodsOptions,
  usersMethodsDeleteCommand,
  usersMethodsListCommand,
  usersMethodsResetCommand,
} from './commands/users-methods.js';
import { type UsersMfaOptions, usersMfaGetCommand, usersMfaSetCommand } from './commands/users-mfa.js';
import { type UsersMfaImportOptions, usersMfaImportCommand } from './commands/users-mfa-import.js';
import {
  type UsersRevokeMfaSessionsOptions,
  usersRevokeMfaSessionsCommand,
} from './commands/users-revoke-mfa-sessions.js';
import { type WhatIfOptions, whatIfCommand } from './commands/whatif.js';
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
      .addOption(outputOption())
      .option(
        '--i-understand-lockout',
        'go ahead even though no privileged user could sign in under the document (SPEC §3.11)',
      );
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
          iUnderstandLockout?: boolean;
        },
      ) => (name === 'plan' ? planCommand(options) : applyCommand(options)),
    );
  }

  program
    .command('up')
    .description('start Keycloak with Keyward and the demo realm (the embedded default)')
    .option('--port <port>', 'HTTP port of Keycloak', '8080')
    .option('--bridge-port <port>', 'HTTP port of the bridge (the Keyward API)', '8090')
    .action((options: { port: string; bridgePort: string }) =>
      upCommand({ port: Number(options.port), bridgePort: Number(options.bridgePort) }),
    );

  program
    .command('serve')
    .description('run the bridge HTTP API (SPEC §6) until stopped')
    .addOption(new Option('--port <port>', 'port to listen on').env('KEYWARD_PORT').default('8090'))
    .addOption(
      new Option('--host <address>', 'address to listen on').env('KEYWARD_HOST').default('127.0.0.1'),
    )
    .addOption(keycloakUrlOption())
    .option('--realm <names...>', 'realms served; their issuers are trusted (env KEYWARD_REALMS)')
    .option('--trusted-issuer <urls...>', 'issuer URLs trusted besides (env KEYWARD_TRUSTED_ISSUERS)')
    .option(
      '--audience <aud>',
      'audience every token must carry (env KEYWARD_AUDIENCE, default keyward-bridge)',
    )
    .action(
      (options: {
        port: string;
        host: string;
        keycloakUrl: string;
        realm?: string[];
        trustedIssuer?: string[];
        audience?: string;
      }) => serveCommand({ ...options, port: Number(options.port) }),
    );

  program
    .command('provision-bridge')
    .description(
      "with Keycloak's admin credentials: the bridge's service account and token audience for realms",
    )
    .requiredOption('--realm <names...>', 'realms the bridge serves')
    .option(
      '--client <clientIds...>',
      'clients of those realms that call the bridge (get the keyward-bridge scope)',
    )
    .option('--audience <aud>', 'audience the scope adds (default keyward-bridge)')
    .addOption(
      new Option(
        '--portal-url <url>',
        "the bridge's public URL: also provision the self-service portal's client in each realm",
      ).env('KEYWARD_PUBLIC_URL'),
    )
    .addOption(keycloakUrlOption())
    .addOption(outputOption())
    .action(
      (
        options: CommonOptions & {
          realm: string[];
          client?: string[];
          audience?: string;
          portalUrl?: string;
          keycloakUrl: string;
        },
      ) => provisionBridgeCommand(options),
    );

  const tap = program
    .command('tap')
    .description("Temporary Access Pass: issue, show or delete a user's pass");
  const tapCommand = (name: string, description: string) =>
    tap
      .command(`${name} <user>`)
      .description(description)
      .requiredOption('--realm <name>', 'realm of the user')
      .addOption(keycloakUrlOption())
      .addOption(outputOption());
  tapCommand('issue', "issue a pass (replaces the user's previous one); the pass is shown only now")
    .option('--lifetime <minutes>', "lifetime in minutes (default: the policy's)")
    .option('--once', 'usable for one sign-in only')
    .option('--no-once', 'usable for several sign-ins until it expires')
    .option('--start <iso>', 'first valid moment, ISO 8601 (default: now)')
    .option('--length <n>', "characters, 8..48 (default: the policy's)")
    .action((user: string, options: TapIssueOptions) => tapIssueCommand(user, options));
  tapCommand('show', "the metadata of the user's pass (never the pass)").action(
    (user: string, options: TapOptions) => tapShowCommand(user, options),
  );
  tapCommand('delete', "delete the user's pass").action((user: string, options: TapOptions) =>
    tapDeleteCommand(user, options),
  );

  program
    .command('whatif')
    .description(
      'which policies apply to one sign-in, and what Keycloak would decide (blocked, MFA at S, no MFA)',
    )
    .requiredOption('--realm <name>', 'realm')
    .requiredOption('--user <user>', 'username (or user id)')
    .requiredOption('--app <client>', 'client id the user signs in to')
    .requiredOption('--ip <address>', 'client IP address, as Keycloak sees it behind its proxy')
    .addOption(
      new Option('--client-app <type>', 'browser, or other for the password grant')
        .choices(['browser', 'other'])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--platform <platform>',
        'device platform (default: read from --user-agent, else unknown)',
      ).choices(['android', 'iOS', 'windows', 'macOS', 'linux', 'unknown']),
    )
    .option('--user-agent <string>', 'User-Agent header to read the platform from')
    .option('--remember-mfa', 'the browser carries a valid remember-MFA mark')
    .addOption(keycloakUrlOption())
    .addOption(outputOption())
    .action((options: WhatIfOptions) => whatIfCommand(options));

  const users = program.command('users').description('per-user settings');
  const mfa = users
    .command('mfa')
    .description('per-user MFA state: disabled, enabled or enforced (SPEC §3.2)');
  const usersMfaOptions = (command: Command) =>
    command
      .requiredOption('--realm <name>', 'realm')
      .addOption(keycloakUrlOption())
      .addOption(outputOption());
  usersMfaOptions(mfa.command('get <user>').description("show a user's per-user MFA state")).action(
    (user: string, options: UsersMfaOptions) => usersMfaGetCommand(user, options),
  );
  usersMfaOptions(
    mfa
      .command('set <user> <state>')
      .description("set a user's per-user MFA state: disabled, enabled or enforced"),
  ).action((user: string, state: string, options: UsersMfaOptions) =>
    usersMfaSetCommand(user, state, options),
  );
  usersMfaOptions(
    mfa
      .command('import <file>')
      .description(
        'set per-user MFA states from a CSV file (username,perUserMfaState), all rows checked first',
      )
      .option('--dry-run', 'check every row and show what would change; change nothing')
      .option('--concurrency <n>', 'changes in flight at once', '8')
      .option(
        '--results <file>',
        'result file, one line per row (default: FILE.results.csv); a rerun skips rows done',
      ),
  ).action((file: string, options: UsersMfaImportOptions) => usersMfaImportCommand(file, options));
  usersMfaOptions(
    users
      .command('revoke-mfa-sessions <user>')
      .description("revoke a user's remember-MFA marks: every browser asks for MFA at the next sign-in"),
  ).action((user: string, options: UsersRevokeMfaSessionsOptions) =>
    usersRevokeMfaSessionsCommand(user, options),
  );

  const methods = users
    .command('methods')
    .description("a user's registered methods: list, delete one, or reset (require re-register MFA)");
  usersMfaOptions(
    methods.command('list <user>').description("the user's methods, the default first, password included"),
  ).action((user: string, options: UsersMethodsOptions) => usersMethodsListCommand(user, options));
  usersMfaOptions(
    methods
      .command('delete <user> <id>')
      .description('remove one method (never the password); the id as list shows it'),
  ).action((user: string, id: string, options: UsersMethodsOptions) =>
    usersMethodsDeleteCommand(user, id, options),
  );
  usersMfaOptions(
    methods
      .command('reset <user>')
      .description(
        'require re-register MFA: remove every MFA method and void remember-MFA marks; the user registers again',
      ),
  ).action((user: string, options: UsersMethodsOptions) => usersMethodsResetCommand(user, options));

  program
    .command('import-entra')
    .description('convert Microsoft Graph exports of Conditional Access policies and named locations')
    .requiredOption(
      '--policies <file>',
      'conditionalAccessPolicy export (JSON: object, array or {value: [...]})',
    )
    .option('--locations <file>', 'namedLocation export (JSON)')
    .requiredOption(
      '--map <file>',
      'mapping of Entra object ids to Keycloak users, groups, roles and clients (YAML)',
    )
    .option('-o, --out <policy.yaml>', 'write here instead of stdout')
    .addOption(outputOption())
    .action((options: ImportEntraOptions) => importEntraCommand(options));

  const report = program.command('report').description('the registration and sign-ins reports (SPEC §6)');
  report
    .command('registration')
    .description("every user's registered methods and which sources require MFA, with policy names")
    .requiredOption('--realm <name>', 'realm')
    .option('--concurrency <n>', 'admin calls in flight at once', '8')
    .addOption(keycloakUrlOption())
    .addOption(outputOption())
    .action((options: ReportOptions) => reportRegistrationCommand(options));
  report
    .command('signins')
    .description("sign-ins from Keycloak's stored events, with the policies that applied")
    .requiredOption('--realm <name>', 'realm')
    .option('--top <n>', 'at most this many, newest first', '100')
    .option('--user <user>', 'only this user (username or id)')
    .option('--app <client>', 'only this client id')
    .option('--since <date>', 'only from this day on (YYYY-MM-DD)')
    .addOption(keycloakUrlOption())
    .addOption(outputOption())
    .action((options: ReportOptions) => reportSignInsCommand(options));

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

// Exit explicitly: a request still pending (e.g. to a server that never answered) must not keep the CLI alive.
const exitCode = await main(process.argv);
// A pipe takes stdout asynchronously: let a large answer (a report of thousands of users) drain before exiting.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(exitCode);
