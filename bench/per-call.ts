// Figure 1: per-call overhead. Sequential GET-user calls against the same local server, contenders
// interleaved round by round (rotating who goes first) so machine noise lands on all of them alike.
import { summarize, type Summary } from "./stats.js";

export interface Contender {
  name: string;
  /** One GET of the user; resolves to the parsed body. */
  getUser(id: string): Promise<unknown>;
}

export interface PerCallOptions {
  userId: string;
  warmupCalls: number;
  rounds: number;
  callsPerRound: number;
}

export interface PerCallResult {
  name: string;
  /** Microseconds per call. */
  summary: Summary;
}

export async function measurePerCall(
  contenders: readonly Contender[],
  options: PerCallOptions,
): Promise<PerCallResult[]> {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (const contender of contenders) {
    for (let i = 0; i < options.warmupCalls; i++) await callChecked(contender, options.userId);
  }
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(round + k) % contenders.length]!;
      const times = samples.get(contender.name)!;
      for (let i = 0; i < options.callsPerRound; i++) {
        const start = performance.now();
        const body = await contender.getUser(options.userId);
        times.push((performance.now() - start) * 1000);
        checkUser(contender.name, body, options.userId);
      }
    }
  }
  return contenders.map((c) => ({ name: c.name, summary: summarize(samples.get(c.name)!) }));
}

async function callChecked(contender: Contender, id: string): Promise<void> {
  checkUser(contender.name, await contender.getUser(id), id);
}

/** A contender that got the wrong answer is not fast, it is broken: stop the run. */
function checkUser(name: string, body: unknown, id: string): void {
  const got = (body as { id?: unknown } | null | undefined)?.id;
  if (got !== id) {
    throw new Error(`${name}: expected user ${id}, got ${JSON.stringify(body).slice(0, 200)}`);
  }
}
