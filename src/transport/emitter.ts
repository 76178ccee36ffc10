import type { ScimEvent, ScimEventHandler } from "../events.js";

/** Delivers one event to the user's handler. */
export type Emit = (event: ScimEvent) => void;

/** `onEvent` wrapped so that a throwing handler cannot fail a request; undefined when unset. */
export function createEmitter(onEvent: ScimEventHandler | undefined): Emit | undefined {
  if (!onEvent) return undefined;
  return (event) => {
    try {
      onEvent(event);
    } catch {
      // A failing logger must not fail the request.
    }
  };
}
