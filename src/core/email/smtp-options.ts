import { isIP } from "node:net";
import tls from "node:tls";
import type { SMTPPoolOptions } from "nodemailer";
import { ValidationError } from "../errors.js";
import type { EmailTimeouts, EmailTlsOptions, SmtpSettings, SmtpStep } from "./types.js";

export const DEFAULT_TIMEOUTS: Required<EmailTimeouts> = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
};

/** Settings that cannot work whatever the server says (both TLS and SSL, no host, …). */
export class SmtpSettingsError extends ValidationError {
  constructor(
    field: string,
    message: string,
    readonly step: SmtpStep,
  ) {
    super([{ field, message }], message);
    this.name = "SmtpSettingsError";
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

export function validateSmtpSettings(s: SmtpSettings): void {
  if (s.useTls && s.useSsl) {
    throw new SmtpSettingsError(
      "use_ssl",
      "TLS and SSL cannot both be on: choose TLS (STARTTLS, usually port 587) or SSL (usually port 465)",
      "tls",
    );
  }
  if (!s.host?.trim()) throw new SmtpSettingsError("host", "no SMTP host is set", "connect");
  if (CONTROL.test(s.host) || /\s/.test(s.host.trim())) {
    throw new SmtpSettingsError("host", "the SMTP host contains spaces or control characters", "connect");
  }
  if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) {
    throw new SmtpSettingsError("port", "the SMTP port must be a number from 1 to 65535", "connect");
  }
  if (CONTROL.test(s.username ?? "") || CONTROL.test(s.password ?? "")) {
    throw new SmtpSettingsError("username", "the username or password contains control characters", "auth");
  }
}

export interface TransportOptionsInput {
  /** The resolved address to connect to (SSRF guard); the configured host stays the TLS name. */
  address?: string;
  tls?: EmailTlsOptions;
  timeouts: Required<EmailTimeouts>;
}

/**
 * Node's `ca` option replaces the trusted roots: a private CA is added to the system's
 * (with NODE_EXTRA_CA_CERTS where Node can list them, 22.15 and later), not put in their place.
 */
function trustedCas(...extra: (string | Buffer | null | undefined)[]): { ca?: (string | Buffer)[] } {
  const given = extra.filter((c): c is string | Buffer => Boolean(c && String(c).trim()));
  if (given.length === 0) return {};
  const withDefaults = tls as typeof tls & { getCACertificates?: (kind: string) => string[] };
  const system = withDefaults.getCACertificates?.("default") ?? [...tls.rootCertificates];
  return { ca: [...system, ...given] };
}

/** nodemailer options for one clinic's settings; pooled transports add `pool: true`. */
export function transportOptions(s: SmtpSettings, input: TransportOptionsInput): SMTPPoolOptions {
  const host = s.host.trim();
  const servername = input.address && !isIP(host) ? host : undefined;
  return {
    host: input.address ?? host,
    port: s.port,
    // use_ssl: TLS from the first byte; use_tls: STARTTLS, and fail rather than go on in
    // clear text; neither: plain SMTP, as the clinic chose (the seed's smtplib behaviour).
    secure: s.useSsl,
    requireTLS: s.useTls,
    ignoreTLS: !s.useTls && !s.useSsl,
    ...(servername ? { servername } : {}),
    ...(s.username ? { auth: { user: s.username, pass: s.password ?? undefined } } : {}),
    connectionTimeout: input.timeouts.connectionMs,
    greetingTimeout: input.timeouts.greetingMs,
    socketTimeout: input.timeouts.socketMs,
    dnsTimeout: input.timeouts.connectionMs,
    tls: {
      rejectUnauthorized: input.tls?.rejectUnauthorized ?? true,
      ...trustedCas(input.tls?.ca, s.caCertificate),
      ...(servername ? { servername } : {}),
    },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * After a greeting timeout without SSL: does the port complete a TLS handshake straight
 * away? If so it is an implicit-TLS (465-style) port and the clinic should turn on SSL.
 */
export function probeImplicitTls(
  host: string,
  port: number,
  servername: string | undefined,
  timeoutMs: number,
) {
  return new Promise<boolean>((resolve) => {
    const socket = tls.connect({
      host,
      port,
      rejectUnauthorized: false,
      ...(servername ? { servername } : {}),
    });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("secureConnect", () => done(true));
    socket.once("error", () => done(false));
  });
}
