import { afterAll, describe, expect, it } from "vitest";
import { RateLimiter } from "../../../src/http/rate-limiter.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { startTestServer, type TestServer } from "../../support/http.js";

const opened: { t: TestApp; http: TestServer }[] = [];
afterAll(async () => {
  for (const o of opened) {
    await o.http.close();
    await o.t.close();
  }
});

async function serverWith(env: Record<string, string>) {
  const t = await createTestApp({ env });
  // Three logins a minute per address, so the limit shows after a few requests.
  const http = await startTestServer(t.app, { limits: { login: new RateLimiter(3) } });
  opened.push({ t, http });
  return http;
}

async function loginStatuses(http: TestServer, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await http.request("POST", "/api/v1/auth/login", {
      body: { email: `nobody-${i}@proxy.example`, password: "x" },
      headers: { "x-forwarded-for": `198.51.100.${i}` },
    });
    statuses.push(res.status);
  }
  return statuses;
}

describe("TRUST_PROXY", () => {
  it("by default ignores X-Forwarded-For: a client cannot pick a new address per attempt", async () => {
    const http = await serverWith({});
    expect(await loginStatuses(http, 5)).toEqual([401, 401, 401, 429, 429]);
  });

  it("believes X-Forwarded-For from a listed proxy", async () => {
    const http = await serverWith({ TRUST_PROXY: "127.0.0.1" });
    expect(await loginStatuses(http, 5)).toEqual([401, 401, 401, 401, 401]);
  });
});
