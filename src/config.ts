import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { z } from "zod";
import { parseCaCertificates } from "./core/email/ca-certificate.js";

/**
 * Environment → typed configuration. Parsed once by the composition root; a bad value
 * throws ConfigError naming the variable, and start-up stops with that one line.
 */

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const s = v.trim().toLowerCase();
      if (["1", "true", "yes", "on"].includes(s)) return true;
      if (["0", "false", "no", "off"].includes(s)) return false;
      ctx.addIssue({ code: "custom", message: `expected true or false, got "${v}"` });
      return z.NEVER;
    });

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected an integer from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const databaseUrl = optionalString.refine(
  (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
  "expected a postgres:// or postgresql:// URL",
);

const PROXY_KEYWORDS = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * TRUST_PROXY, as Fastify's trustProxy takes it: off by default (a client could otherwise
 * pick its own address with X-Forwarded-For), a hop count, or the proxies' addresses.
 */
const trustProxy = z
  .string()
  .optional()
  .transform((v, ctx): boolean | number | string[] => {
    const s = v?.trim() ?? "";
    if (s === "" || ["false", "0", "no", "off"].includes(s.toLowerCase())) return false;
    if (s.toLowerCase() === "true") return true;
    if (/^\d+$/.test(s)) return Number(s);
    const items = s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean);
    const bad = items.find((x) => {
      if (PROXY_KEYWORDS.has(x)) return false;
      const [ip, bits, ...rest] = x.split("/");
      if (rest.length || !ip || !isIP(ip)) return true;
      const max = isIP(ip) === 4 ? 32 : 128;
      return bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max);
    });
    if (bad !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `expected false, a hop count, or proxy addresses/CIDRs separated by commas; "${bad}" is not one`,
      });
      return z.NEVER;
    }
    return items;
  });

const envSchema = z.object({
  DATABASE_URL: databaseUrl,
  DATA_DIR: optionalString,
  PORT: int(8000, 0, 65535),
  HOST: optionalString,
  TRUST_PROXY: trustProxy,
  REQUEST_TIMEOUT_SECONDS: int(30, 1, 3600),
  PUBLIC_URL: optionalString.refine(
    (v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v),
    "expected an http:// or https:// URL",
  ),
  SECRET_KEY: optionalString.refine(
    (v) => v === undefined || v.length >= 16,
    "expected at least 16 characters",
  ),
  SECRET_KEY_FALLBACKS: optionalString,
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .optional()
    .default("info"),
  WORKER_CONCURRENCY: int(16, 1, 256),
  WORKER_LEASE_SECONDS: int(60, 5, 86400),
  EMAIL_MAX_ATTEMPTS: int(6, 1, 50),
  EMAIL_RETRY_BASE_SECONDS: int(30, 1, 86400),
  SMTP_ALLOW_PRIVATE_HOSTS: bool(false),
  WEBHOOK_TIMEOUT_SECONDS: int(10, 1, 120),
  WEBHOOK_MAX_ATTEMPTS: int(10, 1, 50),
  WEBHOOK_RETRY_BASE_SECONDS: int(30, 1, 86400),
  WEBHOOK_CONCURRENCY: int(4, 1, 64),
  EMAIL_ENABLED: bool(true),
  EMAIL_PROVIDER: z.enum(["smtp", "console"]).optional(),
  EMAIL_SMTP_HOST: optionalString,
  EMAIL_SMTP_PORT: int(587, 1, 65535),
  EMAIL_SMTP_USER: optionalString,
  EMAIL_SMTP_PASSWORD: z.string().optional(),
  EMAIL_SMTP_TLS: bool(true),
  EMAIL_SMTP_SSL: bool(false),
  EMAIL_FROM_ADDRESS: optionalString.refine(
    (v) => v === undefined || /^[^\s@<>]+@[^\s@<>]+$/.test(v),
    "expected an email address",
  ),
  EMAIL_FROM_NAME: optionalString,
  EMAIL_SMTP_CA_FILE: optionalString,
  METRICS_ENABLED: bool(true),
  METRICS_TOKEN: optionalString.refine(
    (v) => v === undefined || v.length >= 16,
    "expected at least 16 characters",
  ),
  METRICS_PORT: int(0, 0, 65535),
});

/** EMAIL_SMTP_CA_FILE's certificates, read and checked once at start-up. */
function readCaFile(file: string | undefined): string | null {
  if (!file) return null;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError("EMAIL_SMTP_CA_FILE", `cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = parseCaCertificates(text);
  if ("error" in parsed) throw new ConfigError("EMAIL_SMTP_CA_FILE", `${file}: ${parsed.error}`);
  return parsed.pem;
}

export type DatabaseConfig = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export interface GlobalEmailConfig {
  enabled: boolean;
  provider: "smtp" | "console";
  host: string;
  port: number;
  username: string;
  password: string;
  useTls: boolean;
  useSsl: boolean;
  fromEmail: string;
  fromName: string;
  /** PEM of EMAIL_SMTP_CA_FILE: CAs trusted for the global relay besides the system's. */
  caCertificate: string | null;
}

export interface Config {
  database: DatabaseConfig;
  dataDir: string;
  port: number;
  host: string;
  publicUrl: string;
  http: { trustProxy: boolean | number | string[]; requestTimeoutMs: number };
  /** Undefined only in embedded mode before the key file is read; see ensureSecretKey. */
  secretKey: string | undefined;
  secretKeyFallbacks: string[];
  logLevel: string;
  worker: { concurrency: number; leaseSeconds: number; maxAttempts: number; retryBaseSeconds: number };
  smtpAllowPrivateHosts: boolean;
  /** GET /metrics: off, or behind a bearer token, or (token null) for loopback clients only. */
  /** `port`: where a worker-only process serves /metrics (null: it serves none). */
  metrics: { enabled: boolean; token: string | null; port: number | null };
  /** Outgoing webhooks: each attempt's time limit, the retry policy, deliveries in flight. */
  webhooks: { timeoutSeconds: number; maxAttempts: number; retryBaseSeconds: number; concurrency: number };
  email: GlobalEmailConfig;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`Invalid configuration: ${variable}: ${expected}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    throw new ConfigError(variable, issue.message);
  }
  const e = parsed.data;
  if (e.EMAIL_SMTP_TLS && e.EMAIL_SMTP_SSL) {
    throw new ConfigError(
      "EMAIL_SMTP_SSL",
      "cannot be true together with EMAIL_SMTP_TLS (choose STARTTLS or SSL)",
    );
  }
  if (e.DATABASE_URL && !e.SECRET_KEY) {
    throw new ConfigError("SECRET_KEY", "required when DATABASE_URL is set (at least 16 characters)");
  }
  const dataDir = e.DATA_DIR ?? "./data";
  const host = e.HOST ?? "127.0.0.1";
  const port = e.PORT;
  const database: DatabaseConfig = e.DATABASE_URL
    ? { kind: "postgres", url: e.DATABASE_URL }
    : { kind: "pglite", dataDir };
  const provider = e.EMAIL_PROVIDER ?? (e.EMAIL_SMTP_HOST ? "smtp" : "console");
  return {
    database,
    dataDir,
    port,
    host,
    publicUrl: (e.PUBLIC_URL ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`).replace(
      /\/+$/,
      "",
    ),
    http: { trustProxy: e.TRUST_PROXY, requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000 },
    secretKey: e.SECRET_KEY,
    secretKeyFallbacks: (e.SECRET_KEY_FALLBACKS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      leaseSeconds: e.WORKER_LEASE_SECONDS,
      maxAttempts: e.EMAIL_MAX_ATTEMPTS,
      retryBaseSeconds: e.EMAIL_RETRY_BASE_SECONDS,
    },
    smtpAllowPrivateHosts: e.SMTP_ALLOW_PRIVATE_HOSTS,
    metrics: { enabled: e.METRICS_ENABLED, token: e.METRICS_TOKEN ?? null, port: e.METRICS_PORT || null },
    webhooks: {
      timeoutSeconds: e.WEBHOOK_TIMEOUT_SECONDS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseSeconds: e.WEBHOOK_RETRY_BASE_SECONDS,
      concurrency: e.WEBHOOK_CONCURRENCY,
    },
    email: {
      enabled: e.EMAIL_ENABLED,
      provider,
      host: e.EMAIL_SMTP_HOST ?? "smtp.example.com",
      port: e.EMAIL_SMTP_PORT,
      username: e.EMAIL_SMTP_USER ?? "",
      password: e.EMAIL_SMTP_PASSWORD ?? "",
      useTls: e.EMAIL_SMTP_TLS,
      useSsl: e.EMAIL_SMTP_SSL,
      fromEmail: e.EMAIL_FROM_ADDRESS ?? "noreply@example.com",
      fromName: e.EMAIL_FROM_NAME ?? "DentalPin",
      caCertificate: readCaFile(e.EMAIL_SMTP_CA_FILE),
    },
  };
}
