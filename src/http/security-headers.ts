import fastifyHelmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import { patientPageCsp } from "../modules/notifications/http/index.js";

type Directives = Record<string, string[]>;

/**
 * The staff UI (the vite bundle: its own scripts and stylesheets only). Styles allow inline
 * because email previews are sandboxed `srcdoc` frames, which inherit this policy, and an
 * email's HTML carries its CSS inline; scripts never run inline.
 */
const UI: Directives = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "https:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

/** JSON answers: nothing to load, nothing to frame. */
const API: Directives = {
  "default-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  "frame-ancestors": ["'none'"],
};

/** Swagger UI at /docs: its own scripts; it styles elements inline. */
const DOCS: Directives = { ...UI, "img-src": ["'self'", "data:"] };

const csp = (directives: Directives) => ({ useDefaults: false, directives });

function policyFor(url: string): Directives | null {
  if (url.startsWith("/api/") || url === "/healthz" || url === "/readyz") return API;
  if (url === "/docs" || url.startsWith("/docs/")) return DOCS;
  if (url.startsWith("/p/")) return patientPageCsp;
  return null;
}

/**
 * Security headers on every response (errors and 404s too): `nosniff`, never framed
 * (`frame-ancestors 'none'` and `X-Frame-Options: DENY`), `Referrer-Policy: no-referrer`
 * (patient links carry a credential in their path), and a Content-Security-Policy chosen by
 * path: the staff UI's by default, stricter for the API and the patient pages. HSTS is left
 * to the proxy that terminates TLS. Call before any route is registered.
 */
export async function registerSecurityHeaders(server: FastifyInstance): Promise<void> {
  // Runs before helmet's own onRoute hook, which reads the route's `helmet` option.
  server.addHook("onRoute", (route) => {
    const directives = policyFor(route.url);
    if (directives && route.helmet === undefined) route.helmet = { contentSecurityPolicy: csp(directives) };
  });
  await server.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: csp(UI),
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: false,
  });
}
