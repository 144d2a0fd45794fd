import { deriveKey, deriveLegacyKey, type FernetKey } from "./fernet.js";

export interface CipherLogger {
  error(obj: object, msg: string): void;
}

/**
 * encrypt_password / decrypt_password of the seed. Keys are derived lazily, once per
 * process and secret (PBKDF2 at 600,000 iterations costs a few hundred milliseconds).
 * Decryption tries the current key, then each fallback, then the legacy SHA-256 keys
 * of every secret, so rotation and migration from older databases both read.
 */
export class PasswordCipher {
  private current?: FernetKey;
  private readers?: FernetKey[];

  constructor(
    private readonly secretKey: string,
    private readonly fallbacks: readonly string[] = [],
    private readonly logger?: CipherLogger,
  ) {}

  private currentKey(): FernetKey {
    this.current ??= deriveKey(this.secretKey);
    return this.current;
  }

  private readKeys(): FernetKey[] {
    this.readers ??= [
      this.currentKey(),
      ...this.fallbacks.map(deriveKey),
      deriveLegacyKey(this.secretKey),
      ...this.fallbacks.map(deriveLegacyKey),
    ];
    return this.readers;
  }

  encryptPassword(plaintext: string): string {
    return this.currentKey().encrypt(plaintext);
  }

  /** The password, or null ("no password") when no known key opens the token; never throws. */
  decryptPassword(token: string | null | undefined): string | null {
    if (!token) return null;
    const current = this.currentKey().decrypt(token);
    if (current !== null) return current;
    for (const key of this.readKeys().slice(1)) {
      const plain = key.decrypt(token);
      if (plain !== null) return plain;
    }
    this.logger?.error(
      {},
      "a stored secret (SMTP password or webhook signing secret) could not be decrypted with SECRET_KEY or SECRET_KEY_FALLBACKS",
    );
    return null;
  }

  /** True when the token already opens with the current key (nothing to re-encrypt). */
  isCurrent(token: string): boolean {
    return this.currentKey().decrypt(token) !== null;
  }
}
