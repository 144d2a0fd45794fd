import { createHash, createHmac } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { UnauthorizedError } from "../errors.js";
import {
  type InstallationPermission,
  isInstallationPermission,
  type Permission,
  permissionsFor,
} from "../permissions.js";

export interface Principal {
  userId: string | null;
  clinicId: string;
  role: string | null;
  permissions: Permission[];
}

const ISSUER = "dentalpin-notifications";

/** What an appointment's answer link is bound to. */
export interface AppointmentLink {
  clinicId: string;
  patientId: string;
  appointmentId: string;
  /** The appointment's start as the email that carried the link said it. */
  startTime: Date;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "1h", "30m", "7d", "3600" (seconds) → seconds. */
export function parseTtl(ttl: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(ttl.trim());
  if (!m) throw new Error(`invalid ttl "${ttl}": expected e.g. 30m, 12h, 7d or seconds`);
  const n = Number(m[1]);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return n * unit;
}

/** The protected header of a link's token: `{"alg":"HS256"}`. */
const LINK_HEADER = Buffer.from(JSON.stringify({ alg: "HS256" })).toString("base64url");

/**
 * HS256 tokens under a key derived from SECRET_KEY (never the raw secret, so the same
 * secret can serve Fernet and JWT without one weakening the other). Staff tokens carry
 * `sub`, `clinic_id`, `role` and/or `permissions`; patient links carry `purpose`.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secretKey: string) {
    this.key = createHash("sha256").update(`jwt:${secretKey}`).digest();
  }

  async signAccess(input: {
    clinicId: string;
    userId?: string | null;
    role?: string | null;
    permissions?: string[];
    ttlSeconds: number;
  }): Promise<string> {
    const claims: Record<string, unknown> = { clinic_id: input.clinicId };
    if (input.role) claims.role = input.role;
    if (input.permissions?.length) claims.permissions = input.permissions;
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + input.ttlSeconds);
    if (input.userId) jwt.setSubject(input.userId);
    return jwt.sign(this.key);
  }

  async verifyAccess(token: string): Promise<Principal> {
    const payload = await this.verify(token);
    if (payload.purpose || payload.scope !== undefined) {
      throw new UnauthorizedError("this token is not a clinic access token");
    }
    const clinicId = payload.clinic_id;
    if (typeof clinicId !== "string" || !UUID.test(clinicId)) {
      throw new UnauthorizedError("the token has no valid clinic_id");
    }
    const role = typeof payload.role === "string" ? payload.role : null;
    const explicit = Array.isArray(payload.permissions) ? payload.permissions.map(String) : undefined;
    return {
      userId: typeof payload.sub === "string" ? payload.sub : null,
      clinicId,
      role,
      permissions: permissionsFor(role ?? undefined, explicit),
    };
  }

  /** The operator's token for installation-wide work (system templates); no clinic. */
  async signInstallation(input: {
    permissions: InstallationPermission[];
    ttlSeconds: number;
  }): Promise<string> {
    return new SignJWT({ scope: "installation", permissions: input.permissions })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + input.ttlSeconds)
      .sign(this.key);
  }

  async verifyInstallation(token: string): Promise<{ permissions: InstallationPermission[] }> {
    const payload = await this.verify(token);
    if (payload.scope !== "installation" || payload.clinic_id !== undefined || payload.purpose) {
      throw new UnauthorizedError("this is not an installation token");
    }
    const listed = Array.isArray(payload.permissions) ? payload.permissions.map(String) : [];
    return { permissions: listed.filter(isInstallationPermission) };
  }

  /**
   * A link's token: the same compact HS256 JWT that jose writes (and `verify` reads), signed
   * here with node:crypto's HMAC. Every email carries links, and jose signs through WebCrypto's
   * asynchronous jobs, which cost several times the HMAC itself.
   */
  private signLink(claims: Record<string, unknown>, subject: string, ttlSeconds: number): string {
    const payload = {
      ...claims,
      iss: ISSUER,
      sub: subject,
      exp: Math.floor(Date.now() / 1000) + ttlSeconds,
    };
    const signingInput = `${LINK_HEADER}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
    return `${signingInput}.${createHmac("sha256", this.key).update(signingInput).digest("base64url")}`;
  }

  /** Links in patients' emails: no login, signed, expiring, bound to one patient of one clinic. */
  async signPatientLink(clinicId: string, patientId: string, ttlSeconds: number): Promise<string> {
    return this.signLink({ clinic_id: clinicId, purpose: "patient_preferences" }, patientId, ttlSeconds);
  }

  async verifyPatientLink(token: string): Promise<{ clinicId: string; patientId: string }> {
    const payload = await this.verify(token);
    if (payload.purpose !== "patient_preferences" || typeof payload.sub !== "string") {
      throw new UnauthorizedError("this link is not valid");
    }
    if (typeof payload.clinic_id !== "string" || !UUID.test(payload.clinic_id) || !UUID.test(payload.sub)) {
      throw new UnauthorizedError("this link is not valid");
    }
    return { clinicId: payload.clinic_id, patientId: payload.sub };
  }

  /**
   * An appointment's "confirm" / "I can't come" links: like a patient link, and bound besides to
   * one appointment at the start it had when the email was written, so a link from before a
   * move cannot answer for the new time.
   */
  async signAppointmentLink(link: AppointmentLink, ttlSeconds: number): Promise<string> {
    return this.signLink(
      {
        clinic_id: link.clinicId,
        purpose: "appointment_answer",
        appointment_id: link.appointmentId,
        start: link.startTime.toISOString(),
      },
      link.patientId,
      ttlSeconds,
    );
  }

  async verifyAppointmentLink(token: string): Promise<AppointmentLink> {
    const payload = await this.verify(token);
    const { clinic_id: clinicId, appointment_id: appointmentId, sub: patientId, start } = payload;
    const startTime = typeof start === "string" ? new Date(start) : null;
    if (
      payload.purpose !== "appointment_answer" ||
      typeof clinicId !== "string" ||
      typeof appointmentId !== "string" ||
      typeof patientId !== "string" ||
      ![clinicId, appointmentId, patientId].every((id) => UUID.test(id)) ||
      !startTime ||
      Number.isNaN(startTime.getTime())
    ) {
      throw new UnauthorizedError("this link is not valid");
    }
    return { clinicId, patientId, appointmentId, startTime };
  }

  private async verify(token: string) {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ["HS256"] });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new UnauthorizedError("the token has expired");
      throw new UnauthorizedError("the token is not valid");
    }
  }
}
