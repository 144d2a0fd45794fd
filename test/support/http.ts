import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import type { App } from "../../src/app.js";
import { buildServer } from "../../src/http/server.js";
import { createTestApp, type TestApp } from "./app.js";

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestServer {
  baseUrl: string;
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<HttpResponse<T>>;
  close(): Promise<void>;
}

/** The real server, listening on a loopback port, spoken to over real HTTP. */
export async function startTestServer(
  app: App,
  options: Parameters<typeof buildServer>[1] = {},
): Promise<TestServer> {
  const server = await buildServer(app, options);
  await server.listen({ port: 0, host: "127.0.0.1" });
  const { port } = server.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.rawBody !== undefined) body = opts.rawBody;
      else if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
      const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON (HTML pages)
      }
      return { status: res.status, headers: res.headers, body: parsed as any, text };
    },
    close: () => server.close(),
  };
}

/**
 * The app over a fresh test database with its server listening, for a whole test file:
 * started before the file's own beforeAll (registered after this call), closed after its
 * tests. `t` and `http` are usable from the first beforeAll on.
 */
export function serveTestApp(options: Parameters<typeof createTestApp>[0] = {}): {
  t: TestApp;
  http: TestServer;
} {
  let started: { t: TestApp; http: TestServer } | undefined;
  beforeAll(async () => {
    const t = await createTestApp(options);
    started = { t, http: await startTestServer(t.app) };
  });
  afterAll(async () => {
    await started?.http.close();
    await started?.t.close();
  });
  const live = <K extends "t" | "http">(key: K) =>
    new Proxy({} as { t: TestApp; http: TestServer }[K], {
      get(_, property) {
        if (!started) throw new Error(`${key} is used before its beforeAll started it`);
        return (started[key] as unknown as Record<string | symbol, unknown>)[property];
      },
    });
  return { t: live("t"), http: live("http") };
}
