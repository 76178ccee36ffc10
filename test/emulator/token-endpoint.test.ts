import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { manualClock, stopAll } from "./helpers.js";

afterAll(stopAll);

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

async function postToken(url: string, body: string, authorization?: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(authorization === undefined ? {} : { authorization }),
    },
    body,
  });
  return { status: response.status, body: await response.json() };
}

describe("token endpoint hardening", () => {
  it("refuses HTTP Basic and form credentials in one request with 400 invalid_request (RFC 6749 2.3)", async () => {
    const emulator = await startEmulator({
      clients: [{ clientId: "app", clientSecret: "s3cret" }],
    });
    try {
      for (const form of [
        "&client_id=app&client_secret=s3cret",
        "&client_secret=s3cret",
        "&client_id=app",
      ]) {
        const token = await postToken(
          emulator.tokenUrl,
          `grant_type=client_credentials${form}`,
          basic("app", "s3cret"),
        );
        expect({ form, status: token.status, error: token.body.error }).toEqual({
          form,
          status: 400,
          error: "invalid_request",
        });
        expect(token.body.error_description).toContain("not both");
        expect(JSON.stringify(token.body)).not.toContain("s3cret");
      }
      // Each method on its own still works.
      expect(
        (
          await postToken(
            emulator.tokenUrl,
            "grant_type=client_credentials",
            basic("app", "s3cret"),
          )
        ).status,
      ).toBe(200);
      expect(
        (
          await postToken(
            emulator.tokenUrl,
            "grant_type=client_credentials&client_id=app&client_secret=s3cret",
          )
        ).status,
      ).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it("form-decodes Basic credentials (RFC 6749 2.3.1)", async () => {
    const emulator = await startEmulator({
      clients: [{ clientId: "my app", clientSecret: "a:b+c%" }],
    });
    try {
      const encoded = basic("my+app", encodeURIComponent("a:b+c%"));
      const token = await postToken(emulator.tokenUrl, "grant_type=client_credentials", encoded);
      expect(token.status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it("sweeps expired tokens, so memory stays bounded under token churn", async () => {
    const clock = manualClock();
    const emulator = await startEmulator({ tokenTtlSeconds: 1, now: clock.now, rateLimit: false });
    try {
      let most = 0;
      // 50,000 tokens, a new one every 10 ms of emulated time: about 100 are live at any moment.
      for (let i = 0; i < 50_000; i++) {
        emulator.issueToken();
        clock.advance(10);
        most = Math.max(most, emulator.stats().tokens);
      }
      // Without sweeping, 50,000 would be held. The bound is 2 x live + the first sweep's 1,024.
      expect(most).toBeLessThanOrEqual(1_024 + 2 * 100);
      // Tokens issued over HTTP are swept too, and an expired one is refused.
      const first = await postToken(
        emulator.tokenUrl,
        "grant_type=client_credentials",
        basic(emulator.clientId, emulator.clientSecret),
      );
      clock.advance(1_000);
      const users = await fetch(`${emulator.scimUrls.v2}/users`, {
        headers: { authorization: `Bearer ${first.body.access_token}` },
      });
      expect(users.status).toBe(401);
    } finally {
      await emulator.close();
    }
  });
});
