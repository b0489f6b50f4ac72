/** Where a running Keycloak comes from; see `startKeycloak` for the order they are tried in. */
export type KeycloakBackend = 'external' | 'docker' | 'distribution';

/** A Keycloak that answers on `url` with Keyward's extension and theme installed. */
export interface KeycloakServer {
  /**
   * Base URL for browsers and the admin client, e.g. `http://localhost:8080`. It names `localhost`, never
   * `127.0.0.1`, because WebAuthn needs a domain as relying-party id.
   */
  readonly url: string;
  readonly adminUsername: string;
  readonly adminPassword: string;
  readonly backend: KeycloakBackend;
  /** Keycloak's console output (distribution backend only). */
  readonly logFile?: string;
  /** The Keycloak JVM's process id (distribution backend only). */
  readonly pid?: number;
  /** Stops what `startKeycloak` started (nothing for an external server); safe to call twice. */
  stop(): Promise<void>;
}

/** Options of `startKeycloak`; every one has a default that suits the integration tests. */
export interface StartKeycloakOptions {
  /** Use this backend instead of picking one (`KEYWARD_KEYCLOAK_URL`, then Docker, then the distribution). */
  backend?: KeycloakBackend;
  /** Keycloak version; defaults to `<keycloak.version>` in `plugins/pom.xml`. */
  version?: string;
  /**
   * The Keyward extension JAR; defaults to `plugins/target/keyward-keycloak.jar`. `false` starts a plain
   * Keycloak (the manager's own tests use it when the extension does not build yet).
   */
  extensionJar?: string | false;
  /** The login theme directory, linked in as `themes/keyward`; defaults to the repository's `themes/keyward`. */
  themeDir?: string;
  /**
   * Directory that keeps this server's database, home and log across restarts (`keyward up` passes
   * `.keyward/keycloak`). Without it the server lives in a temporary directory removed by `stop()`.
   */
  dataDir?: string;
  /** Loopback HTTP port; a free one is chosen when absent. */
  httpPort?: number;
  /** Loopback management port (health, metrics); a free one is chosen when absent. */
  managementPort?: number;
  /** Bootstrap admin of the master realm; `admin` when absent. */
  adminUsername?: string;
  /** Bootstrap admin's password; `admin` when absent. */
  adminPassword?: string;
  /** Extra `kc.sh start` options, e.g. `--proxy-headers=xforwarded`. */
  extraOptions?: readonly string[];
  /** Extra build-time options (`kc.sh build`); each distinct set is built and cached once. */
  buildOptions?: readonly string[];
  /** Serve theme edits without a restart (`keyward up` turns this on). */
  devThemes?: boolean;
  /** How long to wait for `/health/ready`; 180 000 ms when absent. */
  startTimeoutMs?: number;
  /** Environment to read `KEYWARD_*`, `JAVA_HOME` and the cache location from; `process.env` when absent. */
  env?: NodeJS.ProcessEnv;
  /** Receives one line per slow step (fetch, build, start) so a CLI can show progress. */
  onProgress?: (message: string) => void;
}

/** `StartKeycloakOptions` with the defaults applied; what the backends receive. */
export interface ResolvedStartOptions {
  readonly version: string;
  readonly extensionJar: string | false;
  readonly themeDir: string;
  readonly dataDir: string | undefined;
  readonly httpPort: number | undefined;
  readonly managementPort: number | undefined;
  readonly adminUsername: string;
  readonly adminPassword: string;
  readonly extraOptions: readonly string[];
  readonly buildOptions: readonly string[];
  readonly devThemes: boolean;
  readonly startTimeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  readonly onProgress: (message: string) => void;
}
