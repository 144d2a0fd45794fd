import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { classifyIp, type HostLookup, isRefusedKind } from "../../core/email/index.js";
import { ValidationError } from "../../core/errors.js";

/**
 * The SMTP hosts' SSRF guard, for webhook URLs: checked when an endpoint is saved and again
 * before every delivery, which connects to the address checked here (never to the name
 * again), so a name that resolves elsewhere a second later cannot slip past. Plain http and
 * private, loopback or link-local addresses only where private hosts are allowed
 * (SMTP_ALLOW_PRIVATE_HOSTS, for development and tests); metadata services never.
 */

export interface WebhookTarget {
  url: URL;
  /** The address to connect to; the URL's host stays the Host header and the TLS name. */
  address: string;
  family: 4 | 6;
}

export interface UrlGuardOptions {
  allowPrivate: boolean;
  lookup?: HostLookup;
}

export class WebhookUrlRefusedError extends ValidationError {
  constructor(message: string) {
    super([{ field: "url", message, code: "webhook_url_refused" }], message, "webhook_url_refused");
    this.name = "WebhookUrlRefusedError";
  }
}

const systemLookup: HostLookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/** The URL's form alone (no DNS): https (http where private hosts are allowed), no credentials. */
export function parseWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw ValidationError.field(
      "url",
      "expected an absolute URL such as https://example.com/hooks",
      "invalid_format",
    );
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowPrivate)) {
    throw new WebhookUrlRefusedError("the URL must start with https://");
  }
  if (url.username || url.password) {
    throw new WebhookUrlRefusedError("the URL must not contain a user name or password");
  }
  return url;
}

/**
 * Resolves the URL's host and refuses it unless every address is allowed. A failed lookup
 * is thrown as is (ENOTFOUND …): at save it is a refusal, at send a failed attempt.
 */
export async function checkWebhookUrl(raw: string, opts: UrlGuardOptions): Promise<WebhookTarget> {
  const url = parseWebhookUrl(raw, opts.allowPrivate);
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  const answers = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await (opts.lookup ?? systemLookup)(host);
  if (answers.length === 0)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  for (const a of answers) {
    const kind = classifyIp(a.address);
    if (isRefusedKind(kind, opts.allowPrivate)) {
      throw new WebhookUrlRefusedError(
        `"${host}" resolves to ${a.address}, a ${kind} address, which is not allowed`,
      );
    }
  }
  const first = answers[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
