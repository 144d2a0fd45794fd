import type { PasswordCipher } from "../../../core/crypto/password-cipher.js";
import type { Db } from "../../../core/db/client.js";
import type { ClinicEmailSettingsSource, ProviderName, ProviderSettings } from "../../../core/email/index.js";
import { findSmtpSettings } from "./smtp-settings-repo.js";

export interface DbClinicEmailSettingsSourceOptions {
  /**
   * How long a clinic's settings are reused before being read again. Other processes
   * (API and workers on other machines) may change them; within this process, invalidate()
   * makes a change visible at once. Default 30 s.
   */
  ttlMs?: number;
  /** How many clinics are cached at most (oldest dropped first). Default 1000. */
  maxEntries?: number;
  now?: () => number;
}

const PROVIDERS = new Set<ProviderName>(["smtp", "console", "disabled"]);

/** A clinic's SMTP settings (see smtp-settings-repo) → ProviderSettings, with the password decrypted. */
export class DbClinicEmailSettingsSource implements ClinicEmailSettingsSource {
  private readonly cache = new Map<string, { value: ProviderSettings | null; at: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly cipher: PasswordCipher,
    opts: DbClinicEmailSettingsSourceOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.maxEntries = opts.maxEntries ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  async get(clinicId: string): Promise<ProviderSettings | null> {
    const hit = this.cache.get(clinicId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = await this.load(clinicId);
    this.cache.delete(clinicId);
    this.cache.set(clinicId, { value, at: this.now() });
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return value;
  }

  invalidate(clinicId: string): void {
    this.cache.delete(clinicId);
  }

  private async load(clinicId: string): Promise<ProviderSettings | null> {
    const row = await findSmtpSettings(this.db, clinicId);
    if (!row) return null;
    // An unknown provider value sends nothing rather than guess where the mail should go.
    const provider = PROVIDERS.has(row.provider as ProviderName)
      ? (row.provider as ProviderName)
      : "disabled";
    return {
      provider,
      source: "clinic",
      smtp: {
        host: row.host,
        port: row.port,
        username: row.username,
        password: this.cipher.decryptPassword(row.passwordEncrypted),
        useTls: row.useTls,
        useSsl: row.useSsl,
        fromEmail: row.fromEmail,
        fromName: row.fromName,
        caCertificate: row.caCertificate,
      },
    };
  }
}
