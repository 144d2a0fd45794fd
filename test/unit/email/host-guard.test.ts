import { describe, expect, it } from "vitest";
import {
  assertAllowedSmtpHost,
  classifyIp,
  type HostLookup,
  type IpKind,
  SmtpHostRefusedError,
} from "../../../src/core/email/host-guard.js";

const table: [string, IpKind][] = [
  ["8.8.8.8", "public"],
  ["142.250.150.108", "public"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["10.1.2.3", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["172.32.0.1", "public"],
  ["192.168.1.10", "private"],
  ["169.254.10.20", "link-local"],
  ["169.254.169.254", "metadata"],
  ["100.64.0.1", "cgnat"],
  ["100.127.255.255", "cgnat"],
  ["100.128.0.1", "public"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "reserved"],
  ["192.0.2.1", "reserved"],
  ["198.18.0.1", "reserved"],
  ["2a00:1450:4003:80e::200e", "public"],
  ["::1", "loopback"],
  ["[::1]", "loopback"],
  ["::", "unspecified"],
  ["fc00::1", "private"],
  ["fd12:3456::1", "private"],
  ["fd00:ec2::254", "metadata"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["febf::1", "link-local"],
  ["fec0::1", "private"],
  ["ff02::1", "multicast"],
  ["2001:db8::1", "reserved"],
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::ffff:10.0.0.1", "private"],
  ["::ffff:169.254.169.254", "metadata"],
  ["::ffff:8.8.8.8", "public"],
  ["64:ff9b::10.0.0.1", "private"],
  ["64:ff9b::8.8.8.8", "public"],
  ["2002:c0a8:0101::1", "private"],
  ["::127.0.0.1", "reserved"],
  ["not-an-ip", "reserved"],
];

describe("classifyIp", () => {
  it.each(table)("%s is %s", (ip, kind) => {
    expect(classifyIp(ip)).toBe(kind);
  });
});

const fakeDns =
  (answers: Record<string, string[]>): HostLookup =>
  async (host) => {
    const list = answers[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("assertAllowedSmtpHost", () => {
  const lookup = fakeDns({
    "smtp.gmail.com": ["142.250.150.108", "2a00:1450:4003:80e::6c"],
    "intranet.clinic.test": ["10.0.0.25"],
    "mixed.test": ["142.250.150.108", "192.168.0.9"],
    "rebind.test": ["169.254.169.254"],
    "empty.test": [],
  });

  it("returns the first resolved address and keeps the name for TLS", async () => {
    await expect(assertAllowedSmtpHost("SMTP.Gmail.com.", { allowPrivate: false, lookup })).resolves.toEqual({
      host: "smtp.gmail.com",
      address: "142.250.150.108",
      family: 4,
    });
  });

  it("refuses a name resolving to a private address, naming host, address and why", async () => {
    const err = await assertAllowedSmtpHost("intranet.clinic.test", { allowPrivate: false, lookup }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(SmtpHostRefusedError);
    expect(err.message).toBe(
      'the SMTP host "intranet.clinic.test" resolves to 10.0.0.25, a private network address, which is not allowed',
    );
    expect(err.status).toBe(422);
    // The host and address as params, for a client to put in its own words.
    expect(err.errors).toEqual([
      { field: "host", message: err.message, params: { host: "intranet.clinic.test", address: "10.0.0.25" } },
    ]);
  });

  it("refuses when any one of the answers is private", async () => {
    await expect(assertAllowedSmtpHost("mixed.test", { allowPrivate: false, lookup })).rejects.toThrow(
      /192\.168\.0\.9/,
    );
  });

  it("refuses IP literals without a lookup", async () => {
    await expect(assertAllowedSmtpHost("127.0.0.1", { allowPrivate: false })).rejects.toThrow(/loopback/);
    await expect(assertAllowedSmtpHost("[::1]", { allowPrivate: false })).rejects.toThrow(/loopback/);
  });

  it("allows private hosts when configured to, but never a metadata service or multicast", async () => {
    await expect(
      assertAllowedSmtpHost("intranet.clinic.test", { allowPrivate: true, lookup }),
    ).resolves.toMatchObject({
      address: "10.0.0.25",
    });
    await expect(assertAllowedSmtpHost("rebind.test", { allowPrivate: true, lookup })).rejects.toThrow(
      /metadata/,
    );
    await expect(assertAllowedSmtpHost("224.0.0.1", { allowPrivate: true })).rejects.toThrow(/multicast/);
  });

  it("refuses an empty host", async () => {
    await expect(assertAllowedSmtpHost("  ", { allowPrivate: true })).rejects.toThrow("no SMTP host is set");
  });

  it("lets a failed lookup through as the DNS error it is, not as a refusal", async () => {
    const err = await assertAllowedSmtpHost("nowhere.test", { allowPrivate: false, lookup }).catch((e) => e);
    expect(err).not.toBeInstanceOf(SmtpHostRefusedError);
    expect(err.code).toBe("ENOTFOUND");
    await expect(assertAllowedSmtpHost("empty.test", { allowPrivate: false, lookup })).rejects.toMatchObject({
      code: "ENOTFOUND",
    });
  });

  it("uses the system resolver by default (localhost is loopback)", async () => {
    await expect(assertAllowedSmtpHost("localhost", { allowPrivate: false })).rejects.toThrow(/loopback/);
    await expect(assertAllowedSmtpHost("localhost", { allowPrivate: true })).resolves.toMatchObject({
      host: "localhost",
    });
  });
});
