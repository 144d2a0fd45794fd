import type { PasswordCipher } from "../core/crypto/password-cipher.js";
import type { Database } from "../core/db/client.js";
import { findStoredPasswords, replaceStoredPassword } from "../modules/notifications/index.js";
import { replaceStoredSecret, storedSecrets } from "../modules/webhooks/index.js";

/**
 * Rewrites every stored secret under the current key — SMTP passwords and webhook signing
 * secrets — and leaves unreadable tokens as they are.
 */
export async function reencryptSecrets(database: Database, cipher: PasswordCipher) {
  let reencrypted = 0;
  let unreadable = 0;
  const stored = [
    ...(await findStoredPasswords(database.db)).map(({ clinicId, token }) => ({
      token,
      replace: (t: string) => replaceStoredPassword(database.db, clinicId, t, new Date()),
    })),
    ...(await storedSecrets(database.db)).map(({ id, token }) => ({
      token,
      replace: (t: string) => replaceStoredSecret(database.db, id, t, new Date()),
    })),
  ];
  for (const { token, replace } of stored) {
    const plain = cipher.decryptPassword(token);
    if (plain === null) {
      unreadable++;
      continue;
    }
    await replace(cipher.encryptPassword(plain));
    reencrypted++;
  }
  return { reencrypted, unreadable };
}
