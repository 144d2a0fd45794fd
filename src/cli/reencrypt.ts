import type { PasswordCipher } from "../core/crypto/password-cipher.js";
import type { Database } from "../core/db/client.js";
import { findStoredPasswords, replaceStoredPassword } from "../modules/notifications/index.js";

/** Rewrites every stored SMTP password under the current key; unreadable tokens are left as they are. */
export async function reencryptSecrets(database: Database, cipher: PasswordCipher) {
  let reencrypted = 0;
  let unreadable = 0;
  for (const { clinicId, token } of await findStoredPasswords(database.db)) {
    const plain = cipher.decryptPassword(token);
    if (plain === null) {
      unreadable++;
      continue;
    }
    await replaceStoredPassword(database.db, clinicId, cipher.encryptPassword(plain), new Date());
    reencrypted++;
  }
  return { reencrypted, unreadable };
}
