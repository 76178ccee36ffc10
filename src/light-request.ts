/**
 * What openapi-fetch builds per raw call when no middleware needs a real `Request`: the URL and
 * the init, nothing else. Building an undici `Request` (which fetch then copies into its own)
 * costs about a fifth of a local round trip; the retry loop only needs URL and init, and replays
 * a string body as is. A streamed body, which cannot be replayed, still gets a real `Request`.
 */
export class LightRequest {
  /** The request URL. */
  readonly url!: string;
  /** The HTTP method, as openapi-fetch gives it (upper case). */
  readonly method!: string;
  /** The init to call fetch with; its `headers` is openapi-fetch's merged `Headers`. */
  readonly init!: RequestInit & { headers: Headers };

  /** Called by openapi-fetch as `new Request(url, init)`. */
  constructor(url: string, init: RequestInit & { headers: Headers }) {
    if (init.body instanceof ReadableStream) {
      // A constructor may hand back another object: here a real Request, cloned per attempt.
      return new Request(url, init) as unknown as LightRequest;
    }
    this.url = url;
    this.method = init.method ?? "GET";
    this.init = init;
  }
}
