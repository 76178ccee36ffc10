import {
  createScimClient,
  type ScimAuthOptions,
  type ScimClient,
  type ScimClientOptions,
  type ScimEvent,
} from "../src/index.js";
import type { FlagSpecs, FlagValues } from "./args.js";
import { CliError, UsageError } from "./errors.js";
import type { CliIo } from "./io.js";
import { describeProxy, proxyFetch, proxyPassword } from "./proxy.js";
import { resolveRegion } from "./region.js";
import { secretFromFile, secretFromStdin } from "./secrets.js";
import { createVerboseLog, registerSecret, type VerboseLog } from "./verbose.js";

/** Flags every command that talks to Genesys Cloud takes. */
export const CONNECTION_FLAGS: FlagSpecs = {
  region: {
    type: "string",
    value: "region",
    description: "mypurecloud.ie or eu-west-1 (env GENESYSCLOUD_REGION; default mypurecloud.com)",
  },
  "base-url": {
    type: "string",
    value: "url",
    description: "an origin instead of a region, e.g. the emulator's http://127.0.0.1:8080",
  },
  "token-url": {
    type: "string",
    value: "url",
    description: "OAuth token endpoint, when --base-url is neither Genesys nor loopback",
  },
  "client-id": {
    type: "string",
    value: "id",
    description: "OAuth client id (env GENESYSCLOUD_OAUTHCLIENT_ID)",
  },
  "client-secret-file": {
    type: "string",
    value: "path",
    description: "read the client secret from a file (or env GENESYSCLOUD_OAUTHCLIENT_SECRET)",
  },
  "client-secret-stdin": { type: "boolean", description: "read the client secret from stdin" },
  "access-token-file": {
    type: "string",
    value: "path",
    description: "read an access token from a file (or env GENESYSCLOUD_ACCESS_TOKEN)",
  },
  "access-token-stdin": { type: "boolean", description: "read an access token from stdin" },
  verbose: {
    type: "boolean",
    short: "v",
    description: "log each request, response and retry to stderr (never a secret)",
  },
};

export interface Connection {
  client: ScimClient;
  log: VerboseLog;
  /** Subscribes to the client's events (the progress display watches retries for 429 waits). */
  onEvent(listener: (event: ScimEvent) => void): () => void;
}

/** Builds the client from flags and environment: region or base URL, credentials, proxy, --verbose. */
export async function connect(values: FlagValues, io: CliIo): Promise<Connection> {
  const env = io.env;
  const baseUrl = values["base-url"] as string | undefined;
  const regionInput =
    (values.region as string | undefined) ?? emptyToUndefined(env.GENESYSCLOUD_REGION);
  if (baseUrl !== undefined && values.region !== undefined) {
    throw new UsageError("--region and --base-url are mutually exclusive: give one");
  }
  const secrets = await readSecrets(values, io);
  const auth = authOptions(values, env, secrets);
  const log = createVerboseLog(io.stderr, values.verbose === true, secrets);
  const listeners = new Set<(event: ScimEvent) => void>();
  const options: ScimClientOptions = {
    auth,
    onEvent: (event) => {
      log.event?.(event);
      for (const listener of listeners) listener(event);
    },
    userAgent: "genesys-scim (genesys-cloud-scim)",
  };
  if (baseUrl !== undefined) options.baseUrl = baseUrl;
  else if (regionInput !== undefined) {
    options.region = resolveRegion(
      regionInput,
      values.region !== undefined ? "--region" : "GENESYSCLOUD_REGION",
    );
  }
  registerSecret(proxyPassword(env));
  const fetch = proxyFetch(env);
  if (fetch !== undefined) {
    options.fetch = fetch;
    log.note(
      `sending through proxy ${describeProxy(env)} (NO_PROXY: ${env.no_proxy ?? env.NO_PROXY ?? "unset"})`,
    );
  }
  let client: ScimClient;
  try {
    client = createScimClient(options);
  } catch (error) {
    throw new CliError(log.scrub((error as Error).message));
  }
  log.note(`target ${client.baseUrl}`);
  return {
    client,
    log,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

interface Secrets {
  clientSecret?: string;
  accessToken?: string;
}

async function readSecrets(values: FlagValues, io: CliIo): Promise<Secrets> {
  if (values["client-secret-stdin"] === true && values["access-token-stdin"] === true) {
    throw new UsageError(
      "--client-secret-stdin and --access-token-stdin: stdin holds only one secret",
    );
  }
  const secrets: Secrets = {};
  const secretFile = values["client-secret-file"] as string | undefined;
  if (secretFile !== undefined && values["client-secret-stdin"] === true) {
    throw new UsageError("--client-secret-file and --client-secret-stdin: give one");
  }
  if (secretFile !== undefined) {
    secrets.clientSecret = await secretFromFile(secretFile, "--client-secret-file", io.cwd);
  } else if (values["client-secret-stdin"] === true) {
    secrets.clientSecret = await secretFromStdin(io.stdin, "--client-secret-stdin");
  } else {
    secrets.clientSecret = emptyToUndefined(io.env.GENESYSCLOUD_OAUTHCLIENT_SECRET);
  }
  const tokenFile = values["access-token-file"] as string | undefined;
  if (tokenFile !== undefined && values["access-token-stdin"] === true) {
    throw new UsageError("--access-token-file and --access-token-stdin: give one");
  }
  if (tokenFile !== undefined) {
    secrets.accessToken = await secretFromFile(tokenFile, "--access-token-file", io.cwd);
  } else if (values["access-token-stdin"] === true) {
    secrets.accessToken = await secretFromStdin(io.stdin, "--access-token-stdin");
  } else {
    secrets.accessToken = emptyToUndefined(io.env.GENESYSCLOUD_ACCESS_TOKEN);
  }
  return secrets;
}

function authOptions(values: FlagValues, env: CliIo["env"], secrets: Secrets): ScimAuthOptions {
  const clientId =
    (values["client-id"] as string | undefined) ??
    emptyToUndefined(env.GENESYSCLOUD_OAUTHCLIENT_ID);
  const tokenUrl = values["token-url"] as string | undefined;
  const explicitToken =
    values["access-token-file"] !== undefined || values["access-token-stdin"] === true;
  // An access token given on purpose wins; from the environment it is used only without a client.
  if (secrets.accessToken !== undefined && (explicitToken || clientId === undefined)) {
    return { accessToken: secrets.accessToken };
  }
  if (clientId !== undefined && secrets.clientSecret !== undefined) {
    return tokenUrl === undefined
      ? { clientId, clientSecret: secrets.clientSecret }
      : { clientId, clientSecret: secrets.clientSecret, tokenUrl };
  }
  const missing =
    clientId === undefined
      ? secrets.clientSecret === undefined
        ? "no credentials"
        : "a client secret but no client id"
      : "a client id but no client secret";
  throw new CliError(`${missing}: set the variables Genesys' tools use`, [
    "  GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET (an OAuth client-credentials grant),",
    "  or GENESYSCLOUD_ACCESS_TOKEN (a token you already have).",
    "Instead of the environment: --client-id with --client-secret-file <path> or --client-secret-stdin,",
    "or --access-token-file <path> / --access-token-stdin. Secrets are never accepted as flag values.",
  ]);
}

/** The OAuth client id in use, if any (part of a plan's target fingerprint; never a secret). */
export function clientIdOf(values: FlagValues, env: CliIo["env"]): string | undefined {
  return (
    (values["client-id"] as string | undefined) ?? emptyToUndefined(env.GENESYSCLOUD_OAUTHCLIENT_ID)
  );
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
