import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  pbkdf2Sync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/**
 * Fernet (https://github.com/fernet/spec): AES-128-CBC + HMAC-SHA256, tokens in URL-safe
 * base64 with padding, exactly as Python's `cryptography.fernet.Fernet` writes them.
 */
export class FernetKey {
  private constructor(
    private readonly signingKey: Buffer,
    private readonly encryptionKey: Buffer,
  ) {}

  /** From the 32-byte raw key (what Fernet's URL-safe base64 key decodes to). */
  static fromBytes(raw: Buffer): FernetKey {
    if (raw.length !== 32) throw new Error("a Fernet key is 32 bytes");
    return new FernetKey(raw.subarray(0, 16), raw.subarray(16, 32));
  }

  encrypt(plaintext: string, now = Date.now(), iv: Buffer = randomBytes(16)): string {
    const cipher = createCipheriv("aes-128-cbc", this.encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const header = Buffer.alloc(9);
    header[0] = 0x80;
    header.writeBigUInt64BE(BigInt(Math.floor(now / 1000)), 1);
    const body = Buffer.concat([header, iv, ciphertext]);
    const mac = createHmac("sha256", this.signingKey).update(body).digest();
    return Buffer.concat([body, mac])
      .toString("base64url")
      .padEnd(Math.ceil((body.length + 32) / 3) * 4, "=");
  }

  /** The plaintext, or null when the token is malformed or was not made with this key. */
  decrypt(token: string): string | null {
    const data = Buffer.from(token.trim(), "base64url");
    if (data.length < 1 + 8 + 16 + 16 + 32 || data[0] !== 0x80) return null;
    const body = data.subarray(0, data.length - 32);
    const mac = data.subarray(data.length - 32);
    const expected = createHmac("sha256", this.signingKey).update(body).digest();
    if (!timingSafeEqual(mac, expected)) return null;
    const iv = body.subarray(9, 25);
    const ciphertext = body.subarray(25);
    if (ciphertext.length % 16 !== 0) return null;
    try {
      const decipher = createDecipheriv("aes-128-cbc", this.encryptionKey, iv);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    } catch {
      return null;
    }
  }
}

export const PBKDF2_SALT = "dentalpin-notifications/smtp-password/v1";
export const PBKDF2_ITERATIONS = 600_000;

/** The current scheme: PBKDF2-HMAC-SHA256(SECRET_KEY, fixed salt, 600,000 iterations, 32 bytes). */
export function deriveKey(secret: string): FernetKey {
  return FernetKey.fromBytes(pbkdf2Sync(secret, PBKDF2_SALT, PBKDF2_ITERATIONS, 32, "sha256"));
}

/** The scheme of existing DentalPin databases: SHA-256(SECRET_KEY). Read only. */
export function deriveLegacyKey(secret: string): FernetKey {
  return FernetKey.fromBytes(createHash("sha256").update(secret, "utf8").digest());
}
