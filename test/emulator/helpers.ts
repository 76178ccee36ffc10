import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/index.js";

export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const GENESYS_EXTENSION =
  "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";
export const ENTERPRISE_EXTENSION = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export interface ScimResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when there is none. */
  body: any;
}

export interface TestEmulator {
  emulator: RunningEmulator;
  token: string;
  /** Sends a request to `${scimUrls[family]}${path}` with the bearer token and a SCIM JSON body. */
  request(
    method: string,
    path: string,
    init?: {
      body?: unknown;
      headers?: Record<string, string>;
      family?: "v1" | "v2";
      token?: string | null;
    },
  ): Promise<ScimResponse>;
  createUser(fields?: Record<string, unknown>): Promise<any>;
}

const running = new Set<RunningEmulator>();

/** Starts an emulator (rate limit off unless asked) with a token for its first client. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ rateLimit: false, ...options });
  running.add(emulator);
  const token = emulator.issueToken();
  let counter = 0;
  const request: TestEmulator["request"] = async (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const bearer = init.token === undefined ? token : init.token;
    if (bearer !== null) headers["authorization"] = `Bearer ${bearer}`;
    if (init.body !== undefined) headers["content-type"] ??= "application/scim+json";
    const response = await fetch(`${emulator.scimUrls[init.family ?? "v2"]}${path}`, {
      method,
      headers,
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === "" ? undefined : JSON.parse(text),
    };
  };
  const createUser: TestEmulator["createUser"] = async (fields = {}) => {
    counter++;
    const response = await request("POST", "/users", {
      body: {
        userName: `person${counter}@example.com`,
        displayName: `Person ${counter}`,
        ...fields,
      },
    });
    if (response.status !== 201)
      throw new Error(`createUser: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  return { emulator, token, request, createUser };
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((emulator) => emulator.close()));
  running.clear();
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse("2025-01-01T00:00:00.000Z")) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
