import type { PasswordCipher } from "../../core/crypto/password-cipher.js";
import type { HostLookup } from "../../core/email/index.js";
import { type PostResult, post, type RefusedAttempt } from "./sender.js";
import { signedHeaders } from "./signing.js";
import { checkWebhookUrl, WebhookUrlRefusedError } from "./url-guard.js";

export interface AttemptSettings {
  cipher: PasswordCipher;
  allowPrivateHosts: boolean;
  lookup?: HostLookup;
  timeoutSeconds: number;
}

/**
 * One attempt to hand a message to an endpoint: its secret opened, its URL checked again (the
 * connection goes to the address that was checked), the body signed and posted. Says why when
 * it cannot be made. Shared by the delivery worker and "send test event".
 */
export async function attemptDelivery(
  endpoint: { url: string; secretEncrypted: string },
  message: { id: string; at: Date; body: string },
  settings: AttemptSettings,
): Promise<PostResult | RefusedAttempt> {
  const secret = settings.cipher.decryptPassword(endpoint.secretEncrypted);
  if (!secret) {
    return {
      kind: "refused",
      reason: "secret_unreadable",
      message: "the endpoint's secret cannot be read with SECRET_KEY",
    };
  }
  let target: Awaited<ReturnType<typeof checkWebhookUrl>>;
  try {
    target = await checkWebhookUrl(endpoint.url, {
      allowPrivate: settings.allowPrivateHosts,
      lookup: settings.lookup,
    });
  } catch (err) {
    if (err instanceof WebhookUrlRefusedError) {
      return { kind: "refused", reason: "url_refused", message: err.message };
    }
    return { kind: "error", message: (err as Error).message };
  }
  const headers = signedHeaders(secret, message.id, message.at, message.body);
  return post(target, headers, message.body, settings.timeoutSeconds * 1000);
}
