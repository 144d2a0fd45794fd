import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { ValidationError } from "../errors.js";

/**
 * SSRF guard for SMTP hosts that clinics type in: a clinic must not be able to make the
 * server open connections into its own network (or a cloud metadata service) and read
 * the answers back through the test endpoint. Every DNS answer is checked, and the caller
 * connects to the address returned here (not the name again), so a name that resolves
 * differently a second later (DNS rebinding) cannot slip past.
 */

export type IpKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "cgnat"
  | "unspecified"
  | "multicast"
  | "metadata"
  | "reserved";

const DESCRIBE: Record<Exclude<IpKind, "public">, string> = {
  loopback: "a loopback address",
  private: "a private network address",
  "link-local": "a link-local address",
  cgnat: "a carrier-grade NAT address",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  metadata: "a cloud metadata service address",
  reserved: "a reserved address",
};
// Never reachable as a mail server, even where private hosts are allowed.
const ALWAYS_REFUSED = new Set<IpKind>(["metadata", "multicast"]);

export class SmtpHostRefusedError extends ValidationError {
  readonly step = "connect" as const;
  constructor(
    readonly host: string,
    readonly address: string | null,
    readonly kind: IpKind | "empty",
  ) {
    const why =
      kind === "empty"
        ? "no SMTP host is set"
        : `the SMTP host "${host}" resolves to ${address}, ${DESCRIBE[kind as Exclude<IpKind, "public">]}, which is not allowed`;
    const params = kind === "empty" ? {} : { params: { host, address: address ?? "" } };
    super([{ field: "host", message: why, ...params }], why, "smtp_host_refused");
    this.name = "SmtpHostRefusedError";
  }
}

function ipv4Octets(ip: string): number[] {
  return ip.split(".").map(Number);
}

/** 8 groups of 16 bits, or null; accepts "::" shorthand and a dotted IPv4 tail. */
function ipv6Groups(ip: string): number[] | null {
  let s = ip.toLowerCase();
  const tail = s.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (tail?.[1]) {
    const [a, b, c, d] = ipv4Octets(tail[1]) as [number, number, number, number];
    s = `${s.slice(0, -tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...Array<string>(Math.max(fill, 0)).fill("0"), ...rest].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

function classifyIpv4(ip: string): IpKind {
  const [a = 0, b = 0, c = 0, d = 0] = ipv4Octets(ip);
  if (a === 169 && b === 254 && c === 169 && d === 254) return "metadata";
  if (a === 0) return "unspecified";
  if (a === 127) return "loopback";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 169 && b === 254) return "link-local";
  if (a === 100 && b >= 64 && b <= 127) return "cgnat";
  if (a >= 224 && a <= 239) return "multicast";
  if (
    a >= 240 ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  ) {
    return "reserved";
  }
  return "public";
}

/** What kind of address an IP literal is (IPv4, IPv6, IPv4-mapped IPv6). Pure. */
export function classifyIp(ip: string): IpKind {
  const bare = ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return classifyIpv4(bare);
  if (family !== 6) return "reserved";
  const g = ipv6Groups(bare);
  if (!g) return "reserved";
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const v4 = `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return "unspecified";
  if (zeroTo(7) && g7 === 1) return "loopback";
  if (zeroTo(5) && g5 === 0xffff) return classifyIpv4(v4); // ::ffff:a.b.c.d
  if (zeroTo(6)) return "reserved"; // deprecated IPv4-compatible ::a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return classifyIpv4(v4); // NAT64 64:ff9b::a.b.c.d
  }
  if (g0 === 0x2002) return classifyIpv4(`${g1 >> 8}.${g1 & 0xff}.${g2 >> 8}.${g2 & 0xff}`); // 6to4
  if (
    g0 === 0xfd00 &&
    g1 === 0x0ec2 &&
    g2 === 0 &&
    g3 === 0 &&
    g4 === 0 &&
    g5 === 0 &&
    g6 === 0 &&
    g7 === 0x254
  ) {
    return "metadata";
  }
  if ((g0 & 0xfe00) === 0xfc00) return "private";
  if ((g0 & 0xffc0) === 0xfe80) return "link-local";
  if ((g0 & 0xffc0) === 0xfec0) return "private"; // deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return "multicast";
  if ((g0 === 0x2001 && g1 === 0x0db8) || (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0))
    return "reserved";
  return "public";
}

export function isRefusedKind(kind: IpKind, allowPrivate: boolean): boolean {
  if (kind === "public") return false;
  return ALWAYS_REFUSED.has(kind) || !allowPrivate;
}

export interface AllowedHost {
  /** The host as configured (SNI and certificate checks use it). */
  host: string;
  /** The address to connect to. */
  address: string;
  family: 4 | 6;
}

export type HostLookup = (host: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: HostLookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Resolves `host` and refuses it unless every address it resolves to is allowed. A failed
 * lookup is not a refusal: its DNS error (ENOTFOUND, EAI_AGAIN, …) is thrown as is, for
 * classifySmtpError to word as a connection failure.
 */
export async function assertAllowedSmtpHost(
  rawHost: string,
  opts: { allowPrivate: boolean; lookup?: HostLookup },
): Promise<AllowedHost> {
  const host = rawHost
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (!host) throw new SmtpHostRefusedError(rawHost, null, "empty");
  let answers: { address: string; family: number }[];
  if (isIP(host)) {
    answers = [{ address: host, family: isIP(host) }];
  } else {
    answers = await (opts.lookup ?? systemLookup)(host);
    if (answers.length === 0)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  }
  for (const a of answers) {
    const kind = classifyIp(a.address);
    if (isRefusedKind(kind, opts.allowPrivate)) throw new SmtpHostRefusedError(host, a.address, kind);
  }
  const first = answers[0]!;
  return { host, address: first.address, family: first.family === 6 ? 6 : 4 };
}
