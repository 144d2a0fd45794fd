import { X509Certificate } from "node:crypto";

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * A PEM bundle of one or more CA certificates, normalised (blocks only, one per line group),
 * or an error message saying what is wrong with it (and, for one that is not a CA, which
 * certificate of the bundle, from 1). Pure.
 */
export function parseCaCertificates(pem: string): { pem: string } | { error: string; notCa?: number } {
  const blocks = pem.match(BLOCK) ?? [];
  if (blocks.length === 0) {
    return { error: "expected one or more PEM certificates (-----BEGIN CERTIFICATE----- …)" };
  }
  for (const [i, block] of blocks.entries()) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch {
      return { error: `certificate ${i + 1} is not a valid X.509 certificate` };
    }
    if (!cert.ca && !cert.checkIssued(cert)) {
      return {
        error: `certificate ${i + 1} (${cert.subject.replace(/\n/g, ", ")}) is not a CA or self-signed`,
        notCa: i + 1,
      };
    }
  }
  return { pem: `${blocks.join("\n")}\n` };
}
