import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { generateSecret, sign, signedHeaders } from "../../../src/modules/webhooks/signing.js";

/** Standard Webhooks' verification, run by Python's own hmac and base64: an independent implementation. */
function pythonSignature(secret: string, id: string, timestamp: number, body: string): string {
  const script = [
    "import base64, hashlib, hmac, sys",
    "secret, msg_id, ts, body = sys.argv[1:5]",
    "key = base64.b64decode(secret[len('whsec_'):])",
    "mac = hmac.new(key, f'{msg_id}.{ts}.{body}'.encode(), hashlib.sha256).digest()",
    "print('v1,' + base64.b64encode(mac).decode(), end='')",
  ].join("\n");
  return execFileSync("python3", ["-c", script, secret, id, String(timestamp), body], { encoding: "utf8" });
}

describe("Standard Webhooks signatures", () => {
  it("makes whsec_ secrets of 32 random bytes, different each time", () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
  });

  it("signs id.timestamp.body with HMAC-SHA256 of the decoded secret, as Python's hmac does", () => {
    const secret = generateSecret();
    const body = JSON.stringify({ type: "email.sent", data: { patient_name: "Íñigo Muñoz", n: 1.5 } });
    const ours = sign(secret, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1_700_000_000, body);
    expect(ours).toBe(pythonSignature(secret, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1_700_000_000, body));
    expect(sign(secret, "msg_other", 1_700_000_000, body)).not.toBe(ours);
  });

  it("matches the Standard Webhooks specification's published example", () => {
    // From the specification's test vectors (standard-webhooks/libraries, README of the spec).
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = '{"test": 2432232314}';
    expect(sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });

  it("sends the three headers, the timestamp in whole seconds", () => {
    const secret = generateSecret();
    const h = signedHeaders(secret, "msg_1", new Date("2027-01-01T00:00:00.900Z"), "{}");
    expect(h).toEqual({
      "webhook-id": "msg_1",
      "webhook-timestamp": "1798761600",
      "webhook-signature": sign(secret, "msg_1", 1798761600, "{}"),
    });
  });
});
