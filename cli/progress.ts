import { SingleBar } from "cli-progress";
import type { Writable } from "node:stream";
import type { SyncProgress } from "../src/sync/index.js";

// Progress of long work on stderr. On a TTY: a live bar per phase (done/total, rate, ETA, and the
// current wait on a 429), redrawn 5 times a second by cli-progress; each phase's last frame stays
// on screen. Off a TTY (CI logs, pipes): one plain line every 5 s and one when a phase ends, so a
// log shows progress without a flood of carriage returns.
// cli-progress: maintained, 25M downloads a month, no native code; it owns the redraw (throttling,
// cursor and line handling), the format is ours.

/** The sync engine's progress events, as `plan`/`apply` report them. */
export type ProgressEvent = SyncProgress;

export interface Progress {
  update(event: ProgressEvent): void;
  /** A wait on a 429 just began (from the client's retry events). */
  waiting(ms: number): void;
  /** Ends the current bar, leaving its last frame. */
  stop(): void;
}

const PLAIN_EVERY_MS = 5_000;

export function createProgress(
  stream: Writable & { isTTY?: boolean; columns?: number },
  options: { color: boolean; enabled: boolean },
): Progress {
  if (!options.enabled) return { update() {}, waiting() {}, stop() {} };
  const tty = stream.isTTY === true;
  let bar: SingleBar | undefined;
  let phase = "";
  let waitUntil = 0;
  let last: ProgressEvent = { phase: "", done: 0, total: 0, failures: 0 };
  let started = Date.now();

  const green = (text: string) => (options.color ? `\u001b[32m${text}\u001b[39m` : text);
  const yellow = (text: string) => (options.color ? `\u001b[33m${text}\u001b[39m` : text);

  const extras = () => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = last.ratePerSecond ?? (elapsed > 0.5 ? last.done / elapsed : undefined);
    const parts = [rate === undefined ? "" : `${rate.toFixed(1)}/s`];
    const remaining = last.total - last.done;
    if (rate !== undefined && rate > 0 && remaining > 0)
      parts.push(`ETA ${duration(remaining / rate)}`);
    const wait = Math.max(waitUntil - Date.now(), last.waitingMs ?? 0);
    if (wait > 0) parts.push(yellow(`waiting ${duration(wait / 1000)} (rate limited)`));
    if (last.failures > 0) parts.push(yellow(`${last.failures} failed`));
    return parts.filter((p) => p !== "").join("  ");
  };

  const format = () => {
    const { done, total } = last;
    const label = phase.padEnd(11);
    // A total of 0 means "not known yet" (reading pages): a count, no bar.
    if (total <= 0) return `${label} ${done}  ${extras()}`.trimEnd();
    const percent = Math.floor((done / total) * 100);
    if (!tty) return `${label} ${done}/${total} (${percent}%)  ${extras()}`.trimEnd();
    const width = 28;
    const filled = Math.round((done / total) * width);
    const barText = green("█".repeat(filled)) + "░".repeat(width - filled);
    return `${label} ${barText} ${done}/${total} ${String(percent).padStart(3)}%  ${extras()}`.trimEnd();
  };

  // On a TTY, cli-progress redraws the line in place. Off a TTY a line every PLAIN_EVERY_MS and
  // one at the end of each phase is all there is to it (cli-progress's own non-TTY mode adds a
  // blank line per bar).
  let timer: ReturnType<typeof setInterval> | undefined;
  const start = () => {
    started = Date.now();
    if (!tty) {
      timer = setInterval(() => stream.write(`${format()}\n`), PLAIN_EVERY_MS);
      timer.unref();
      return;
    }
    bar = new SingleBar({
      stream,
      format,
      fps: 5,
      forceRedraw: true,
      hideCursor: false,
      linewrap: true,
      gracefulExit: false,
    });
    bar.start(last.total, last.done);
  };
  const end = () => {
    if (phase === "") return;
    if (bar !== undefined) bar.stop();
    else {
      clearInterval(timer);
      stream.write(`${format()}\n`);
    }
    bar = undefined;
    timer = undefined;
    phase = "";
  };

  return {
    update(event) {
      if (event.phase !== phase) {
        end();
        phase = event.phase;
        last = event;
        start();
        return;
      }
      last = event;
      bar?.setTotal(event.total);
      bar?.update(event.done);
    },
    waiting(ms) {
      waitUntil = Math.max(waitUntil, Date.now() + ms);
    },
    stop: end,
  };
}

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, "0")}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
