import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../../src/core/auth/passwords.js";
import { parseTtl, TokenService } from "../../../src/core/auth/tokens.js";
import { PERMISSIONS, permissionsFor } from "../../../src/core/permissions.js";

describe("roles → permissions", () => {
  it("gives admin every permission and front desk no settings or templates", () => {
    expect(permissionsFor("admin", undefined)).toEqual([...PERMISSIONS]);
    expect(permissionsFor("receptionist", undefined)).not.toContain("notifications.settings.read");
    expect(permissionsFor("assistant", undefined)).not.toContain("notifications.templates.read");
    expect(permissionsFor("dentist", undefined)).toContain("notifications.templates.read");
    expect(permissionsFor("dentist", undefined)).not.toContain("notifications.templates.write");
  });
  it("uses an explicit list over the role, dropping unknown names", () => {
    expect(permissionsFor("admin", ["notifications.events.publish", "root"])).toEqual([
      "notifications.events.publish",
    ]);
    expect(permissionsFor("janitor", undefined)).toEqual([]);
  });
});

describe("TokenService", () => {
  const tokens = new TokenService("a-secret-key-for-tests");
  const C1 = "5d1c0c3e-8a0f-4f43-b0e4-1f5e0a6b7c22";
  const P1 = "0b6b8a52-3f4e-4c1a-9a77-2f8a1f0c9d11";
  it("signs access tokens that verify to the same principal", async () => {
    const t = await tokens.signAccess({ clinicId: C1, userId: "u1", role: "dentist", ttlSeconds: 60 });
    expect(await tokens.verifyAccess(t)).toMatchObject({ clinicId: C1, userId: "u1", role: "dentist" });
  });
  it("refuses tokens signed with another secret, expired ones, and patient links as access tokens", async () => {
    const other = await new TokenService("another-secret-key-xx").signAccess({
      clinicId: C1,
      role: "admin",
      ttlSeconds: 60,
    });
    await expect(tokens.verifyAccess(other)).rejects.toThrow(/not valid/);
    const expired = await tokens.signAccess({ clinicId: C1, role: "admin", ttlSeconds: -10 });
    await expect(tokens.verifyAccess(expired)).rejects.toThrow(/expired/);
    const link = await tokens.signPatientLink(C1, P1, 60);
    await expect(tokens.verifyAccess(link)).rejects.toThrow();
    expect(await tokens.verifyPatientLink(link)).toEqual({ clinicId: C1, patientId: P1 });
  });
  it("refuses access tokens and links whose ids are not UUIDs", async () => {
    const odd = await tokens.signAccess({ clinicId: "c1", role: "admin", ttlSeconds: 60 });
    await expect(tokens.verifyAccess(odd)).rejects.toThrow(/clinic_id/);
    const link = await tokens.signPatientLink("c", "p", 60);
    await expect(tokens.verifyPatientLink(link)).rejects.toThrow(/not valid/);
  });
  it("parses TTLs", () => {
    expect(parseTtl("1h")).toBe(3600);
    expect(parseTtl("30m")).toBe(1800);
    expect(parseTtl("7d")).toBe(604800);
    expect(parseTtl("45")).toBe(45);
    expect(() => parseTtl("soon")).toThrow(/ttl/);
  });
});

describe("password hashing", () => {
  it("verifies the right password only, with a salted scrypt hash", async () => {
    const h = await hashPassword("correct horse");
    expect(h.startsWith("scrypt$")).toBe(true);
    expect(await hashPassword("correct horse")).not.toBe(h);
    expect(await verifyPassword("correct horse", h)).toBe(true);
    expect(await verifyPassword("wrong horse", h)).toBe(false);
  });
});
