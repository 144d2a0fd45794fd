import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deriveKey, FernetKey } from "../../../src/core/crypto/fernet.js";
import { PasswordCipher } from "../../../src/core/crypto/password-cipher.js";

interface Vector {
  secret: string;
  plaintext: string;
  pbkdf2_key: string;
  pbkdf2_token: string;
  legacy_token: string;
}
const vectors: Vector[] = JSON.parse(
  readFileSync(new URL("../../fixtures/fernet/vectors.json", import.meta.url), "utf8"),
);

describe("Fernet interoperability with Python's cryptography", () => {
  it("derives the same PBKDF2 key as Python", () => {
    for (const v of vectors) {
      const raw = Buffer.from(v.pbkdf2_key, "base64url");
      const ours = FernetKey.fromBytes(raw);
      expect(ours.decrypt(v.pbkdf2_token)).toBe(v.plaintext);
      expect(deriveKey(v.secret).decrypt(v.pbkdf2_token)).toBe(v.plaintext);
    }
  });

  it("decrypts tokens Python made, with the current and the legacy SHA-256 key", () => {
    for (const v of vectors) {
      const cipher = new PasswordCipher(v.secret);
      expect(cipher.decryptPassword(v.pbkdf2_token)).toBe(v.plaintext);
      expect(cipher.decryptPassword(v.legacy_token)).toBe(v.plaintext);
    }
  });

  it("makes tokens Python decrypts", () => {
    const ours = vectors.map((v) => ({
      key: v.pbkdf2_key,
      token: new PasswordCipher(v.secret).encryptPassword(v.plaintext),
    }));
    const script = `
import json, sys
from cryptography.fernet import Fernet
print(json.dumps([Fernet(c["key"].encode()).decrypt(c["token"].encode()).decode() for c in json.load(sys.stdin)]))`;
    const out = execFileSync("python3", ["-c", script], { input: JSON.stringify(ours) }).toString();
    expect(JSON.parse(out)).toEqual(vectors.map((v) => v.plaintext));
  });
});

describe("PasswordCipher", () => {
  const logged: string[] = [];
  const logger = { error: (_o: object, msg: string) => void logged.push(msg) };

  it("round-trips and produces padded URL-safe base64 tokens", () => {
    const c = new PasswordCipher("a-secret-key-of-some-length");
    const token = c.encryptPassword("s3cr3t");
    expect(token).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/);
    expect(token.length % 4).toBe(0);
    expect(c.decryptPassword(token)).toBe("s3cr3t");
  });

  it("yields no password and logs an error for a bad or foreign token, never throws", () => {
    const c = new PasswordCipher("a-secret-key-of-some-length", [], logger);
    const other = new PasswordCipher("a-different-secret-key-xyz");
    expect(c.decryptPassword("not a token")).toBeNull();
    expect(c.decryptPassword(other.encryptPassword("x"))).toBeNull();
    const token = c.encryptPassword("x");
    const tampered = `${token.slice(0, 20)}${token[20] === "A" ? "B" : "A"}${token.slice(21)}`;
    expect(c.decryptPassword(tampered)).toBeNull();
    expect(logged.length).toBe(3);
    expect(logged.join(" ")).not.toContain("x");
  });

  it("reads tokens made under a fallback key after rotation, and knows they are not current", () => {
    const old = new PasswordCipher("the-old-secret-key-123");
    const token = old.encryptPassword("rotate-me");
    const rotated = new PasswordCipher("the-new-secret-key-456", ["the-old-secret-key-123"]);
    expect(rotated.decryptPassword(token)).toBe("rotate-me");
    expect(rotated.isCurrent(token)).toBe(false);
    expect(rotated.isCurrent(rotated.encryptPassword("rotate-me"))).toBe(true);
    expect(new PasswordCipher("the-new-secret-key-456").decryptPassword(token)).toBeNull();
  });
});
