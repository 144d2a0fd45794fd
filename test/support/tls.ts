import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface TestCertificate {
  key: Buffer;
  cert: Buffer;
}

// A test-only cache: generating an RSA key costs ~100 ms, so each test process makes
// one and every sink in that process shares it. A committed fixture would expire.
let cached: TestCertificate | undefined;

/**
 * A self-signed certificate for CN=localhost (SAN: localhost, 127.0.0.1), valid one day,
 * made with openssl. Clients either skip verification or trust it by passing it as `ca`.
 */
export function testCertificate(): TestCertificate {
  if (cached) return cached;
  const dir = mkdtempSync(path.join(tmpdir(), "dentalpin-tls-"));
  try {
    const keyPath = path.join(dir, "key.pem");
    const certPath = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        keyPath,
        "-out",
        certPath,
      ],
      { stdio: "pipe" },
    );
    cached = { key: readFileSync(keyPath), cert: readFileSync(certPath) };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
