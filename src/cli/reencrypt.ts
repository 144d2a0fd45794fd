import { eq, isNotNull } from "drizzle-orm";
import type { PasswordCipher } from "../core/crypto/password-cipher.js";
import type { Database } from "../core/db/client.js";
import { clinicSmtpSettings } from "../core/db/schema.js";

/** Rewrites every stored SMTP password under the current key; unreadable tokens are left as they are. */
export async function reencryptSecrets(database: Database, cipher: PasswordCipher) {
  const rows = await database.db
    .select({ id: clinicSmtpSettings.id, token: clinicSmtpSettings.passwordEncrypted })
    .from(clinicSmtpSettings)
    .where(isNotNull(clinicSmtpSettings.passwordEncrypted));
  let reencrypted = 0;
  let unreadable = 0;
  for (const row of rows) {
    const plain = cipher.decryptPassword(row.token);
    if (plain === null) {
      unreadable++;
      continue;
    }
    await database.db
      .update(clinicSmtpSettings)
      .set({ passwordEncrypted: cipher.encryptPassword(plain), updatedAt: new Date() })
      .where(eq(clinicSmtpSettings.id, row.id));
    reencrypted++;
  }
  return { reencrypted, unreadable };
}
