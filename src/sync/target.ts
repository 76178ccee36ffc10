// What a plan is for. The fingerprint is a SHA-256 of the base URL and the OAuth client id (when
// known): enough to refuse a plan made against another org or client, and never a secret.
import type { SyncTarget } from "./types.js";

export async function targetOf(baseUrl: string, clientId: string | undefined): Promise<SyncTarget> {
  const bytes = new TextEncoder().encode(`${baseUrl}\n${clientId ?? ""}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const fingerprint = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  return { baseUrl, fingerprint };
}
