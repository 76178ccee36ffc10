// The shapes every layer of the request pipeline shares (see pipeline.ts for how they stack).

/** The transport at the bottom of the pipeline, called like `globalThis.fetch`. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** One request as the pipeline sends it: described, never a `Request`, so it replays for free. */
export interface OutgoingRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  readonly url: string;
  /**
   * Headers except `Authorization`, which the auth layer adds per attempt. A `Headers` object is
   * owned by the call (the auth layer sets `authorization` on it); a record is never modified.
   */
  readonly headers: Headers | Readonly<Record<string, string>>;
  /** A replayable body (a stream is buffered into bytes before it gets here). */
  readonly body?: Exclude<RequestInit["body"], ReadableStream>;
  /** The caller's signal: aborts the attempt in flight, a retry wait, a token request. */
  readonly signal?: AbortSignal | undefined;
}

/** A complete response: headers and the whole body, read within the attempt's deadline. */
export interface Received {
  /** The response as it arrived; its body has been consumed into {@link Received.text}. */
  readonly response: Response;
  readonly text: string;
}

/** Bookkeeping of one call across its attempts, owned by the call (created by the retry loop). */
export interface CallState {
  /** 1 for the first attempt, then 2, 3... (a 401 replay counts as an attempt). */
  attempt: number;
  /** The `Authorization` value of the current attempt, set by the auth layer. */
  authorization: string | undefined;
  /** Whether this call already replaced a refused token (a 401 is cured at most once per call). */
  reauthenticated: boolean;
}

/** One layer's view of the rest of the pipeline below it. */
export type Send = (request: OutgoingRequest, call: CallState) => Promise<Received>;
