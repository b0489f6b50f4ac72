/**
 * `keyward serve` as a subprocess whose log (pino's JSON lines on stdout, the banner on stderr) is captured, with
 * every exchange kept: for suites that must prove a secret appears in one answer and nowhere else.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  ensureBridgeAudience,
  ensureBridgeServiceAccount,
} from '../../bridge/src/keycloak/admin/bridge-access.js';
import { REPO_ROOT } from './cli.js';
import { adminClient, type KeycloakServer, type TestRealm } from './realm-fixture.js';

/** One exchange with the bridge, as sent and answered. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers and assert on their shape.
  body: any;
}

export class ServedBridge {
  readonly exchanges: Exchange[] = [];
  stdout = '';
  stderr = '';
  /** With {@link provision}: the service account's client id in master, deleted by {@link dispose}. */
  private serviceAccount?: { server: KeycloakServer; clientId: string };
  private constructor(
    readonly url: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {}

  /** The service account's client id in master (only for a bridge from {@link provision}). */
  get serviceAccountClientId(): string {
    if (!this.serviceAccount) throw new Error('the bridge was not started by ServedBridge.provision');
    return this.serviceAccount.clientId;
  }

  /**
   * Provisions a service account of its own in master (`<clientIdPrefix>-<time>`) for `realms`, puts the bridge's
   * audience on each realm's test client, and starts `keyward serve` as that account. {@link dispose} undoes it.
   */
  static async provision(
    server: KeycloakServer,
    realms: readonly TestRealm[],
    clientIdPrefix: string,
  ): Promise<ServedBridge> {
    const admin = await adminClient(server);
    for (const realm of realms)
      await ensureBridgeAudience(admin, realm.name, { clientIds: [realm.clientId] });
    const account = await ensureBridgeServiceAccount(admin, {
      realms: realms.map((realm) => realm.name),
      clientId: `${clientIdPrefix}-${Date.now().toString(36)}`,
    });
    try {
      const bridge = await ServedBridge.start(server, realms, account.clientId, account.clientSecret);
      bridge.serviceAccount = { server, clientId: account.clientId };
      return bridge;
    } catch (error) {
      await deleteServiceAccount(server, account.clientId);
      throw error;
    }
  }

  /** Starts `keyward serve` for `realms` as the service account `clientId`, logging at `trace`. */
  static async start(
    server: KeycloakServer,
    realms: readonly TestRealm[],
    clientId: string,
    clientSecret: string,
  ): Promise<ServedBridge> {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env))
      if (!name.startsWith('KEYWARD_')) env[name] = value;
    const child = spawn(process.execPath, ['bridge/bin/keyward.js', 'serve', '--port', '0'], {
      cwd: REPO_ROOT,
      env: {
        ...env,
        KEYWARD_KEYCLOAK_URL: server.url,
        KEYWARD_REALMS: realms.map((realm) => realm.name).join(','),
        KEYWARD_CLIENT_ID: clientId,
        KEYWARD_CLIENT_SECRET: clientSecret,
        // As chatty as the bridge gets, so that a leak check reads everything it could ever write.
        KEYWARD_LOG_LEVEL: 'trace',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const match = /listening on (http:\/\/\S+) /.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    const bridge = new ServedBridge(url, child);
    child.stdout.removeAllListeners('data').on('data', (chunk: string) => {
      bridge.stdout += chunk;
    });
    child.stderr.removeAllListeners('data').on('data', (chunk: string) => {
      bridge.stderr += chunk;
    });
    bridge.stdout = stdout;
    bridge.stderr = stderr;
    return bridge;
  }

  /** One request; the exchange is kept in {@link exchanges}. */
  async call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<Exchange> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('json');
    const exchange: Exchange = {
      method,
      path,
      status: response.status,
      headers: response.headers,
      text,
      body: isJson && text ? JSON.parse(text) : text,
    };
    this.exchanges.push(exchange);
    return exchange;
  }

  /** SIGTERM, then the exit code; the whole log has been read by then. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  /** Kills the process and deletes the service account {@link provision} created. */
  async dispose(): Promise<void> {
    this.kill();
    if (this.serviceAccount)
      await deleteServiceAccount(this.serviceAccount.server, this.serviceAccount.clientId);
  }
}

async function deleteServiceAccount(server: KeycloakServer, clientId: string): Promise<void> {
  const admin = await adminClient(server);
  const [client] = await admin.clients.find({ realm: 'master', clientId });
  if (client?.id) await admin.clients.del({ realm: 'master', id: client.id });
}
