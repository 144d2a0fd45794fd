import { createHash } from "node:crypto";
import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { TokenService } from "../../../src/core/auth/tokens.js";

const SECRET = "a-secret-key-for-link-tests-0123456789";
const CLINIC = "7b0b3d4e-2a57-4c1e-9d53-0f7bb1c1a111";
const PATIENT = "0e6f5c1a-8b7d-4c2e-9a31-5d4f3e2b1c00";
/** The key TokenService derives from SECRET_KEY (never the raw secret). */
const key = createHash("sha256").update(`jwt:${SECRET}`).digest();

/** A patient link exactly as the previous releases wrote them (jose's SignJWT). */
const joseLink = (exp: number, secretKey = key) =>
  new SignJWT({ clinic_id: CLINIC, purpose: "patient_preferences" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("dentalpin-notifications")
    .setSubject(PATIENT)
    .setExpirationTime(exp)
    .sign(secretKey);

describe("patient links signed with node:crypto's HMAC", () => {
  const tokens = new TokenService(SECRET);

  it("are the same compact HS256 JWTs as before: a standard verifier reads their claims", async () => {
    const link = await tokens.signPatientLink(CLINIC, PATIENT, 3600);
    expect(decodeProtectedHeader(link)).toEqual({ alg: "HS256" });
    const { payload } = await jwtVerify(link, key, {
      issuer: "dentalpin-notifications",
      algorithms: ["HS256"],
    });
    expect(payload).toMatchObject({ clinic_id: CLINIC, purpose: "patient_preferences", sub: PATIENT });
    expect(payload.exp! - Date.now() / 1000).toBeGreaterThan(3590);
    expect(await tokens.verifyPatientLink(link)).toEqual({ clinicId: CLINIC, patientId: PATIENT });
  });

  it("keep links already sent valid until they expire", async () => {
    const sent = await joseLink(Math.floor(Date.now() / 1000) + 600);
    expect(await tokens.verifyPatientLink(sent)).toEqual({ clinicId: CLINIC, patientId: PATIENT });
    const expired = await joseLink(Math.floor(Date.now() / 1000) - 10);
    await expect(tokens.verifyPatientLink(expired)).rejects.toThrow(/expired/);
  });

  it("refuse a link that was altered, signed under another secret, or has expired", async () => {
    const link = await tokens.signPatientLink(CLINIC, PATIENT, 3600);
    const [header, payload, signature] = link.split(".");
    const otherPatient = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: CLINIC }),
    ).toString("base64url");
    await expect(tokens.verifyPatientLink(`${header}.${otherPatient}.${signature}`)).rejects.toThrow(
      /not valid/,
    );
    const flipped = `${signature!.startsWith("A") ? "B" : "A"}${signature!.slice(1)}`;
    await expect(tokens.verifyPatientLink(`${header}.${payload}.${flipped}`)).rejects.toThrow(/not valid/);
    await expect(new TokenService(`${SECRET}x`).verifyPatientLink(link)).rejects.toThrow(/not valid/);
    const gone = await tokens.signPatientLink(CLINIC, PATIENT, -10);
    await expect(tokens.verifyPatientLink(gone)).rejects.toThrow(/expired/);
  });

  it("are not access tokens", async () => {
    const link = await tokens.signPatientLink(CLINIC, PATIENT, 3600);
    await expect(tokens.verifyAccess(link)).rejects.toThrow();
    await expect(tokens.verifyInstallation(link)).rejects.toThrow();
  });
});
