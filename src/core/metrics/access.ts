import { createHash, timingSafeEqual } from "node:crypto";
import { isIPv4 } from "node:net";

export type MetricsAccess = "allowed" | "token_required" | "loopback_only";

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (`::ffff:127.0.0.1`, how a dual-stack socket reports it). */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  if (a === "::1") return true;
  const v4 = a.startsWith("::ffff:") ? a.slice("::ffff:".length) : a;
  return isIPv4(v4) && v4.startsWith("127.");
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Who may read /metrics. With METRICS_TOKEN set, whoever presents it as a bearer token, from
 * anywhere (loopback too: a token set means a token asked for). Without one, only a client on
 * this machine: `clientAddress` is the socket's peer, or the address the trusted proxy
 * forwarded (TRUST_PROXY), never the proxy's own loopback address for every outside client.
 */
export function metricsAccess(input: {
  token: string | null;
  authorization: string | undefined;
  clientAddress: string | undefined;
}): MetricsAccess {
  if (input.token !== null) {
    const match = /^Bearer\s+(.+)$/i.exec(input.authorization?.trim() ?? "");
    // Compared as digests: constant time whatever the length presented.
    const presented = match?.[1];
    return presented !== undefined && timingSafeEqual(digest(presented), digest(input.token))
      ? "allowed"
      : "token_required";
  }
  return input.clientAddress !== undefined && isLoopback(input.clientAddress) ? "allowed" : "loopback_only";
}
