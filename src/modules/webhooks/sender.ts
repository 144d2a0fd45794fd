import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isControlCharacter } from "../../core/plain-text.js";
import type { WebhookTarget } from "./url-guard.js";

/** What one POST to a receiver came to. */
export type PostResult =
  | { kind: "response"; status: number; excerpt: string }
  | { kind: "error"; message: string };

/** An attempt not made: the URL no longer passes the guard, the endpoint is off, or its secret is unreadable. */
export interface RefusedAttempt {
  kind: "refused";
  reason: "url_refused" | "endpoint_disabled" | "secret_unreadable";
  message: string;
}

const EXCERPT_BYTES = 1024;
const EXCERPT_CHARS = 200;

/** The start of a receiver's answer, as one short line of plain text (it is shown to staff). */
export function excerptOf(body: Buffer): string {
  const text = [...body.toString("utf8")]
    .map((ch) => (isControlCharacter(ch.codePointAt(0)!) || ch === "\ufffd" ? " " : ch))
    .join("");
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, EXCERPT_CHARS);
}

/**
 * POSTs the body to the checked address (the URL's host is only the Host header and the TLS
 * name), follows no redirect, and reads at most the first KiB of the answer. Never throws.
 */
export function post(
  target: WebhookTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostResult> {
  const { url, address, family } = target;
  // Every name resolves to the address the guard checked: no second DNS answer is used.
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const req = client.request(
      url,
      {
        method: "POST",
        agent: false,
        lookup,
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "DentalPin-Webhooks/1",
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          finish({
            kind: "response",
            status: res.statusCode ?? 0,
            excerpt: excerptOf(Buffer.concat(chunks)),
          });
          res.destroy();
        };
        res.on("data", (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk.subarray(0, EXCERPT_BYTES - size));
          size += chunk.length;
          if (size >= EXCERPT_BYTES) done();
        });
        res.on("end", done);
        res.on("error", done);
      },
    );
    req.on("error", (err: Error & { code?: string }) => {
      const message =
        err.name === "AbortError" || err.name === "TimeoutError"
          ? `no answer within ${Math.round(timeoutMs / 1000)} s`
          : err.code
            ? `${err.code}: ${err.message}`
            : err.message;
      finish({ kind: "error", message });
    });
    req.end(body);
  });
}
