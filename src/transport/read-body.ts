import { ScimResponseError } from "../errors.js";

/** The default of `maxResponseBytes`: 64 MiB, far above any SCIM page (25-100 users, ~1 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * The whole body of `response` as text, refusing one larger than `maxBytes` before it is buffered:
 * at once when Content-Length says so, else as soon as the bytes read pass it (then `controller`
 * is aborted so the connection is closed rather than drained).
 */
export async function readBody(
  response: Response,
  maxBytes: number,
  method: string,
  url: string,
  controller: AbortController | undefined,
): Promise<string> {
  const body = response.body;
  if (body === null) return "";
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const tooLarge = () => {
    // Abort (or cancel the stream) rather than drain: the connection is closed, not read to its end.
    if (controller) controller.abort();
    else (reader ?? body).cancel().catch(() => {});
    return new ScimResponseError({
      reason: "too-large",
      method,
      url,
      status: response.status,
      maxBytes,
    });
  };
  const length = response.headers.get("content-length");
  // Without Content-Encoding the length is the size of what text() will buffer (undici fails a
  // body that runs past it), so the cheap path is safe; a compressed body can inflate, so count it.
  if (length !== null && !response.headers.has("content-encoding")) {
    if (Number(length) > maxBytes) throw tooLarge();
    return response.text();
  }
  reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) throw tooLarge();
    chunks.push(value);
  }
  const bytes = chunks.length === 1 ? chunks[0]! : new Uint8Array(total);
  if (chunks.length !== 1) {
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
  }
  return new TextDecoder().decode(bytes);
}
