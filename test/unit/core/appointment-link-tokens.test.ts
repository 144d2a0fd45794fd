import { describe, expect, it } from "vitest";
import { TokenService } from "../../../src/core/auth/tokens.js";

const tokens = new TokenService("a-secret-key-for-tests");
const link = {
  clinicId: "5d1c0c3e-8a0f-4f43-b0e4-1f5e0a6b7c22",
  patientId: "0b6b8a52-3f4e-4c1a-9a77-2f8a1f0c9d11",
  appointmentId: "7c1d0e9f-2a3b-4c5d-8e6f-9a0b1c2d3e4f",
  startTime: new Date("2026-12-02T09:30:00.000Z"),
};

describe("appointment answer links", () => {
  it("verify to the clinic, patient, appointment and start they were signed for", async () => {
    const token = await tokens.signAppointmentLink(link, 60);
    expect(await tokens.verifyAppointmentLink(token)).toEqual(link);
  });

  it("are refused when expired, signed with another key, or tampered with", async () => {
    await expect(tokens.verifyAppointmentLink(await tokens.signAppointmentLink(link, -10))).rejects.toThrow(
      /expired/,
    );
    const other = await new TokenService("another-secret-key-xx").signAppointmentLink(link, 60);
    await expect(tokens.verifyAppointmentLink(other)).rejects.toThrow(/not valid/);
    const token = await tokens.signAppointmentLink(link, 60);
    await expect(tokens.verifyAppointmentLink(`${token.slice(0, -2)}xx`)).rejects.toThrow(/not valid/);
  });

  it("are neither preference links nor access tokens, and a preference link is no answer link", async () => {
    const token = await tokens.signAppointmentLink(link, 60);
    await expect(tokens.verifyPatientLink(token)).rejects.toThrow();
    await expect(tokens.verifyAccess(token)).rejects.toThrow();
    const preferences = await tokens.signPatientLink(link.clinicId, link.patientId, 60);
    await expect(tokens.verifyAppointmentLink(preferences)).rejects.toThrow(/not valid/);
    const access = await tokens.signAccess({ clinicId: link.clinicId, role: "admin", ttlSeconds: 60 });
    await expect(tokens.verifyAppointmentLink(access)).rejects.toThrow(/not valid/);
  });
});
