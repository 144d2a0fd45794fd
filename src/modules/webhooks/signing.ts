import { createHmac, randomBytes } from "node:crypto";

/**
 * Standard Webhooks (https://www.standardwebhooks.com): a secret is `whsec_` + base64 of
 * random bytes; each message is signed with HMAC-SHA256 over `${id}.${timestamp}.${body}`
 * keyed by the secret's decoded bytes, and sent as `webhook-signature: v1,<base64>`.
 */

const PREFIX = "whsec_";

/** A new signing secret: 32 random bytes. */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

function secretBytes(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error("a webhook secret starts with whsec_");
  return Buffer.from(secret.slice(PREFIX.length), "base64");
}

/** `v1,<base64 HMAC-SHA256>` of the message. */
export function sign(secret: string, messageId: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secretBytes(secret)).update(`${messageId}.${timestamp}.${body}`);
  return `v1,${mac.digest("base64")}`;
}

/** The three headers of a signed delivery; the timestamp in whole seconds. */
export function signedHeaders(secret: string, messageId: string, sentAt: Date, body: string) {
  const timestamp = Math.floor(sentAt.getTime() / 1000);
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": sign(secret, messageId, timestamp, body),
  };
}
