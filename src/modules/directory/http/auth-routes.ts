import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { hashPassword, verifyPassword } from "../../../core/auth/passwords.js";
import { users } from "../../../core/db/schema.js";
import { NotFoundError, UnauthorizedError } from "../../../core/errors.js";
import { permissionsFor } from "../../../core/permissions.js";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, responses } from "../../../http/responses.js";
import { type Clinic, findClinic } from "../clinics-repo.js";
import { findUserByEmail, type User } from "../users-repo.js";
import { meSchema, sessionSchema } from "./responses.js";

const SESSION_SECONDS = 12 * 3600;

export function clinicView(c: Clinic) {
  return {
    id: c.id,
    name: c.name,
    timezone: c.timezone,
    default_locale: c.defaultLocale,
    email: c.email,
    phone: c.phone,
    address: c.address,
  };
}

function userView(u: User) {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    permissions: permissionsFor(u.role, undefined),
    clinic_id: u.clinicId,
    first_name: u.firstName,
    last_name: u.lastName,
  };
}

export function registerAuthRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  let dummy: Promise<string> | undefined;
  const dummyHash = () => {
    dummy ??= hashPassword(randomBytes(24).toString("base64url"));
    return dummy;
  };

  api.post(
    "/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Staff login: a bearer token for 12 hours",
        security: [],
        body: z.strictObject({
          email: z.string().min(1, "is required").max(254),
          password: z.string().min(1, "is required").max(1024),
        }),
        response: responses({ 200: dataOf(sessionSchema) }),
      },
    },
    async (request) => {
      const email = request.body.email.trim();
      const account = `login-account:${email.toLowerCase()}`;
      ctx.limits.login.take(`login:${request.ip}`, "too many login attempts; wait a minute");
      ctx.limits.loginAccount.check(account, "too many failed logins for this account; wait 15 minutes");
      const user = await findUserByEmail(app.database.db, email);
      // The same answer, after the same work, for an unknown email and a wrong password:
      // an unknown email is checked against a hash of a random password.
      const ok = await verifyPassword(request.body.password, user?.passwordHash ?? (await dummyHash()));
      if (!user || !ok) {
        ctx.limits.loginAccount.hit(account);
        throw new UnauthorizedError("email or password is not correct");
      }
      const clinic = (await findClinic(app.database.db, user.clinicId))!;
      const token = await app.tokens.signAccess({
        clinicId: user.clinicId,
        userId: user.id,
        role: user.role,
        ttlSeconds: SESSION_SECONDS,
      });
      return {
        data: {
          token,
          expires_at: new Date(Date.now() + SESSION_SECONDS * 1000).toISOString(),
          user: userView(user),
          clinic: clinicView(clinic),
        },
      };
    },
  );

  api.get(
    "/auth/me",
    {
      schema: {
        tags: ["auth"],
        summary: "Who the token belongs to",
        response: responses({ 200: dataOf(meSchema) }),
      },
      onRequest: requirePermission(app.access, null),
    },
    async (request) => {
      const p = request.principal!;
      const clinic = await findClinic(app.database.db, p.clinicId);
      if (!clinic) throw new NotFoundError("clinic");
      const user = p.userId
        ? (await app.database.db.select().from(users).where(eq(users.id, p.userId)))[0]
        : undefined;
      return {
        data: {
          user:
            user && user.clinicId === p.clinicId
              ? { ...userView(user), permissions: p.permissions }
              : {
                  id: p.userId,
                  email: null,
                  role: p.role,
                  permissions: p.permissions,
                  clinic_id: p.clinicId,
                  first_name: null,
                  last_name: null,
                },
          clinic: clinicView(clinic),
        },
      };
    },
  );
}
