import { mergeHeaders } from "openapi-fetch";
import { ScimResponseError, ScimValidationError } from "./errors.js";
import { assertHeaders } from "./headers.js";
import type { SendRequest } from "./transport/retry-loop.js";
import type { OutgoingRequest, Received } from "./transport/types.js";

/**
 * What openapi-fetch builds per raw call when no middleware needs a real `Request` (its `Request`
 * option): the URL and the init, nothing else. Building an undici `Request` (which fetch would
 * then copy again) costs about a fifth of a local round trip; the pipeline only needs the parts.
 */
export class UnbuiltRequest {
  /** The request URL. */
  readonly url: string;
  /** The HTTP method, as openapi-fetch gives it (upper case). */
  readonly method: string;
  /** The init openapi-fetch assembled; its `headers` is openapi-fetch's merged `Headers`. */
  readonly init: RequestInit & { headers: Headers };

  /** Called by openapi-fetch as `new Request(url, init)`. */
  constructor(url: string, init: RequestInit & { headers: Headers }) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.init = init;
  }
}

/**
 * The `fetch` openapi-fetch calls (below its middleware): hands the request to the pipeline and
 * gives openapi-fetch back a Response whose body is already complete, so openapi-fetch's own body
 * read can neither stall nor outlive the attempt's deadline.
 */
export function pipelineFetch(send: SendRequest) {
  return (request: Request | UnbuiltRequest): Promise<Response> => {
    // The common case (no middleware, a string body or none) stays synchronous up to the send.
    const unbuilt =
      request instanceof UnbuiltRequest && !(request.init.body instanceof ReadableStream);
    const sent = unbuilt ? send(fromUnbuilt(request)) : describe(request).then(send);
    return sent.then(completeResponse);
  };
}

function fromUnbuilt(request: UnbuiltRequest): OutgoingRequest {
  const { init } = request;
  return {
    method: request.method,
    url: request.url,
    headers: init.headers,
    body: init.body as OutgoingRequest["body"],
    signal: init.signal ?? undefined,
  };
}

/** The parts of `request` the pipeline sends; a stream body is read once so it can be replayed. */
async function describe(request: Request | UnbuiltRequest): Promise<OutgoingRequest> {
  if (request instanceof UnbuiltRequest) {
    const { init } = request;
    return { ...fromUnbuilt(request), body: await streamBytes(init.body as ReadableStream) };
  }
  // A real Request (middleware is registered, or middleware made its own): its body is read from a
  // clone, leaving it intact for onResponse; its signal follows the caller's.
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: request.body === null ? undefined : await request.clone().arrayBuffer(),
    signal: request.signal,
  };
}

function streamBytes(stream: ReadableStream): Promise<ArrayBuffer> {
  return new Response(stream).arrayBuffer();
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * `received.response` with its body methods answering from `received.text`, which the attempt has
 * already read (within its deadline). The same Response object, so status, headers, url and
 * `instanceof Response` stay true; rebuilding one instead (`new Response(text, response)`, then
 * openapi-fetch's `json()` on it) costs ~80 µs on Node 20, a quarter of a local round trip.
 */
function completeResponse(received: Received): Response {
  const { response, text } = received;
  if (response.type === "opaqueredirect") return response;
  const read = () => Promise.resolve(text);
  Object.defineProperties(response, {
    text: { value: read },
    json: { value: () => read().then(JSON.parse) },
    arrayBuffer: { value: () => read().then((t) => new TextEncoder().encode(t).buffer) },
    blob: { value: () => read().then((t) => new Blob([t])) },
    bodyUsed: { value: false },
    body: { get: () => rebuilt(response, text).body },
    clone: { value: () => rebuilt(response, text) },
  });
  return response;
}

/** A separate Response with the same status, headers, URL and (already read) body. */
function rebuilt(response: Response, text: string): Response {
  const copy = new Response(NULL_BODY_STATUSES.has(response.status) ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

type OpenapiMethod = (path: string, init?: Record<string, unknown>) => Promise<unknown>;

const SCIM_BODY_HEADERS = Object.freeze({ "Content-Type": "application/scim+json" });

/**
 * One raw typed method (`GET`, `POST`...): refuses bad header values and missing path parameters
 * before anything is built, sends bodies as `application/scim+json`, asks openapi-fetch for a real
 * `Request` only when middleware will see it, and turns a 2xx body that is not JSON into a
 * {@link ScimResponseError}.
 */
export function rawMethod(
  httpMethod: string,
  method: OpenapiMethod,
  fetchRequest: (request: Request | UnbuiltRequest) => Promise<Response>,
  hasMiddleware: () => boolean,
): OpenapiMethod {
  return async (path, init) => {
    const params = init?.params as { header?: unknown; path?: unknown } | undefined;
    if (init) {
      assertHeaders(init.headers);
      assertHeaders(params?.header);
    }
    if (params?.path === undefined && path.includes("{")) {
      throw new ScimValidationError(`${path}: path parameters are missing (params.path)`);
    }
    let last: Response | undefined;
    const callInit: Record<string, unknown> = {
      ...init,
      // Per call, so the response this call got is known if its body turns out not to be JSON.
      fetch: (request: Request | UnbuiltRequest) =>
        fetchRequest(request).then((response) => (last = response)),
    };
    if (hasMiddleware() || init?.middleware !== undefined) callInit.Request = globalThis.Request;
    if (init?.body !== undefined) {
      callInit.headers =
        init.headers === undefined
          ? SCIM_BODY_HEADERS
          : mergeHeaders(SCIM_BODY_HEADERS, init.headers as never);
    }
    try {
      return await method(path, callInit);
    } catch (error) {
      if (error instanceof URIError) {
        throw new ScimValidationError(
          `${path}: a path or query parameter contains a lone surrogate (broken UTF-16), which no URL can carry`,
        );
      }
      if (error instanceof SyntaxError && last !== undefined) {
        throw new ScimResponseError({
          reason: "invalid-json",
          method: httpMethod,
          url: last.url,
          status: last.status,
          contentType: last.headers.get("content-type"),
          cause: error,
        });
      }
      throw error;
    }
  };
}
