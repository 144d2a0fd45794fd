import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { buildServer } from "../../../src/http/server.js";
import { createTestApp, type TestApp } from "../../support/app.js";
import { startTestServer } from "../../support/http.js";

const closing: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closing.reverse()) await close();
});

const apps = new Map<string, Promise<TestApp>>();
/** One app per configuration, shared by the tests that need it. */
function appWith(env: Record<string, string>): Promise<TestApp> {
  const key = JSON.stringify(env);
  if (!apps.has(key)) {
    apps.set(
      key,
      createTestApp({ env }).then((t) => {
        closing.push(() => t.close());
        return t;
      }),
    );
  }
  return apps.get(key)!;
}

async function loopbackServer(t: TestApp) {
  const http = await startTestServer(t.app);
  closing.push(() => http.close());
  return http;
}

/** An IPv4 address of this machine that is not loopback, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

describe("GET /metrics without METRICS_TOKEN", () => {
  it("answers a client on loopback", async () => {
    const http = await loopbackServer(await appWith({}));
    const res = await http.request("GET", "/metrics");
    expect(res.status).toBe(200);
    expect(res.text).toContain("dentalpin_outbox_due_emails");
  });

  // The server listens on this machine's own non-loopback address and is called there: the
  // socket's peer is that address, as it would be for a client on the network.
  it.skipIf(!outsideAddress)(`refuses a client that is not on loopback (${outsideAddress})`, async () => {
    const t = await appWith({});
    const server = await buildServer(t.app);
    closing.push(() => server.close());
    await server.listen({ port: 0, host: outsideAddress });
    const { port } = server.server.address() as AddressInfo;
    const res = await fetch(`http://${outsideAddress}:${port}/metrics`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("forbidden");
    // The token opens it from there.
    const withToken = await appWith({ METRICS_TOKEN: "metrics-token-0123456789abcdef" });
    const open = await buildServer(withToken.app);
    closing.push(() => open.close());
    await open.listen({ port: 0, host: outsideAddress });
    const { port: openPort } = open.server.address() as AddressInfo;
    const ok = await fetch(`http://${outsideAddress}:${openPort}/metrics`, {
      headers: { authorization: "Bearer metrics-token-0123456789abcdef" },
    });
    expect(ok.status).toBe(200);
  });

  it("behind a trusted proxy on loopback, judges the client it forwarded for, not the proxy", async () => {
    const http = await loopbackServer(await appWith({ TRUST_PROXY: "127.0.0.1" }));
    const outside = await http.request("GET", "/metrics", { headers: { "x-forwarded-for": "198.51.100.7" } });
    expect(outside.status).toBe(403);
    const local = await http.request("GET", "/metrics", { headers: { "x-forwarded-for": "127.0.0.1" } });
    expect(local.status).toBe(200);
  });

  it("without a trusted proxy, a forwarded address changes nothing: the socket's peer counts", async () => {
    const http = await loopbackServer(await appWith({}));
    const res = await http.request("GET", "/metrics", { headers: { "x-forwarded-for": "198.51.100.7" } });
    expect(res.status).toBe(200);
  });

  it("is not there at all with METRICS_ENABLED=false", async () => {
    const http = await loopbackServer(await appWith({ METRICS_ENABLED: "false" }));
    expect((await http.request("GET", "/metrics")).status).toBe(404);
  });
});
