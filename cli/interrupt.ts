// Ctrl+C during apply: the first SIGINT asks apply to stop (start nothing new, let the writes in
// flight finish and be journaled); a second one exits at once with 130, leaving at most the
// in-flight writes unjournaled (a resumed apply re-checks them by ETag).

export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function onInterrupt(notice: (line: string) => void): Interrupt {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) {
      notice("Second Ctrl+C: stopping now. Resuming re-checks the writes that were in flight.");
      process.exit(130);
    }
    notice("Ctrl+C: stopping after the writes in flight finish (Ctrl+C again to quit at once)…");
    controller.abort();
  };
  process.on("SIGINT", handler);
  return {
    signal: controller.signal,
    dispose: () => process.off("SIGINT", handler),
  };
}
