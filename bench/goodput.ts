// Figure 4: goodput under a rate limit. M operations at concurrency C against a server that
// answers 429 + Retry-After beyond R requests/second. An operation fails when the client gives up
// (throws); the achieved rate counts completed operations only.

export interface GoodputContender {
  name: string;
  /** Performs operation `index`; throws when the client gives up on it. */
  operation(index: number): Promise<void>;
}

export interface GoodputOptions {
  operations: number;
  concurrency: number;
  /** The limit the server enforces, requests per second. */
  ratePerSecond: number;
}

export interface GoodputResult {
  name: string;
  operations: number;
  concurrency: number;
  ratePerSecond: number;
  completed: number;
  failed: number;
  wallMs: number;
  /** Completed operations per second of wall time. */
  achievedRate: number;
  /** achievedRate / ratePerSecond. */
  fractionOfLimit: number;
  /** The first failure's message, to say what "failed" means for this client. */
  firstFailure?: string;
}

export async function measureGoodput(
  contender: GoodputContender,
  options: GoodputOptions,
): Promise<GoodputResult> {
  let next = 0;
  let completed = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const worker = async (): Promise<void> => {
    while (next < options.operations) {
      const index = next++;
      try {
        await contender.operation(index);
        completed++;
      } catch (error) {
        failed++;
        firstFailure ??= describe(error);
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const wallMs = performance.now() - start;
  const achievedRate = completed / (wallMs / 1000);
  return {
    name: contender.name,
    operations: options.operations,
    concurrency: options.concurrency,
    ratePerSecond: options.ratePerSecond,
    completed,
    failed,
    wallMs,
    achievedRate,
    fractionOfLimit: achievedRate / options.ratePerSecond,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}

/** A short account of a failure: an Error's message, or the status and message of a rejected body. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message.slice(0, 160);
  const body = error as { status?: unknown; message?: unknown } | null;
  if (body && typeof body === "object" && typeof body.message === "string") {
    return `${typeof body.status === "number" ? `${body.status} ` : ""}${body.message}`.slice(
      0,
      160,
    );
  }
  return (JSON.stringify(error) ?? String(error)).slice(0, 160);
}
