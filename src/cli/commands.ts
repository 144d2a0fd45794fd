import type { Config } from "../config.js";
import { hashPassword } from "../core/auth/passwords.js";
import { parseTtl, TokenService } from "../core/auth/tokens.js";
import { PasswordCipher } from "../core/crypto/password-cipher.js";
import { openDatabase } from "../core/db/client.js";
import { runMigrations } from "../core/db/migrate.js";
import { isValidEmail } from "../core/email/index.js";
import { createLogger } from "../core/logger.js";
import { isPermission, isRole, ROLES } from "../core/permissions.js";
import { resolveSecretKey } from "../core/secret-key.js";
import { createClinic, findClinic } from "../modules/directory/clinics-repo.js";
import { seedDemo } from "../modules/directory/demo.js";
import { createUser } from "../modules/directory/users-repo.js";
import { reencryptSecrets } from "./reencrypt.js";
import { serve } from "./serve.js";

type Flags = Record<string, string | boolean | undefined>;

export class UsageError extends Error {}

const USAGE = `usage: cli <command>
  start                      migrate, seed the demo clinic on an empty database, serve API + worker + UI
  serve [--no-worker]        serve the API (and the worker unless --no-worker)
  worker                     run a worker only
  migrate                    apply database migrations
  clinics create --name N [--timezone Europe/Madrid] [--locale es] [--email E] [--phone P] [--address A]
  users create --clinic-id ID --email E --password P --role ${ROLES.join("|")}
  token --clinic-id ID [--user-id ID] [--role R | --permissions a,b] [--ttl 1h]
  secrets re-encrypt
  seed-demo`;

function out(value: unknown): void {
  process.stdout.write(typeof value === "string" ? `${value}\n` : `${JSON.stringify(value)}\n`);
}

function required(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== "string" || v.trim() === "") throw new UsageError(`--${name} is required`);
  return v.trim();
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export async function runCommand(args: string[], flags: Flags, config: Config): Promise<number> {
  const [command, sub] = args;
  const logger = createLogger(config.logLevel);
  switch (command) {
    case "start":
    case "serve":
      await serve(config, logger, {
        worker: command === "start" || !flags["no-worker"],
        seed: command === "start",
      });
      return -1;
    case "worker":
      await serve(config, logger, { worker: true, http: false, seed: false });
      return -1;
    case "migrate": {
      const database = await openDatabase(config.database);
      try {
        await runMigrations(database);
        out({ migrated: true, database: database.describe });
      } finally {
        await database.close();
      }
      return 0;
    }
    case "token": {
      const clinicId = required(flags, "clinic-id");
      const role = typeof flags.role === "string" ? flags.role : undefined;
      const permissions =
        typeof flags.permissions === "string" ? flags.permissions.split(",").map((s) => s.trim()) : [];
      if (role && !isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
      const unknown = permissions.filter((p) => !isPermission(p));
      if (unknown.length) throw new UsageError(`unknown permissions: ${unknown.join(", ")}`);
      if (!role && permissions.length === 0) throw new UsageError("give --role or --permissions");
      const ttlSeconds = parseTtl(typeof flags.ttl === "string" ? flags.ttl : "1h");
      const tokens = new TokenService(resolveSecretKey(config));
      const userId = typeof flags["user-id"] === "string" ? flags["user-id"] : null;
      out(await tokens.signAccess({ clinicId, userId, role, permissions, ttlSeconds }));
      return 0;
    }
    case "secrets": {
      if (sub !== "re-encrypt") throw new UsageError(USAGE);
      const database = await openDatabase(config.database);
      try {
        await runMigrations(database);
        const cipher = new PasswordCipher(resolveSecretKey(config), config.secretKeyFallbacks, logger);
        out(await reencryptSecrets(database, cipher));
      } finally {
        await database.close();
      }
      return 0;
    }
    case "clinics":
    case "users":
    case "seed-demo":
      return withDatabase(config, async (database) => {
        if (command === "seed-demo") {
          out(await seedDemo(database));
        } else if (command === "clinics" && sub === "create") {
          const timezone = typeof flags.timezone === "string" ? flags.timezone : "Europe/Madrid";
          if (!validTimezone(timezone))
            throw new UsageError(`--timezone "${timezone}" is not an IANA time zone`);
          const locale = typeof flags.locale === "string" ? flags.locale : "es";
          if (!/^[a-z]{2}$/.test(locale))
            throw new UsageError("--locale must be a two-letter code such as es or en");
          const email = typeof flags.email === "string" ? flags.email : null;
          if (email && !isValidEmail(email)) throw new UsageError("--email is not a valid email address");
          const clinic = await createClinic(database.db, {
            name: required(flags, "name"),
            timezone,
            defaultLocale: locale,
            email,
            phone: typeof flags.phone === "string" ? flags.phone : null,
            address: typeof flags.address === "string" ? flags.address : null,
          });
          out({ clinic_id: clinic.id });
        } else if (command === "users" && sub === "create") {
          const clinicId = required(flags, "clinic-id");
          const email = required(flags, "email");
          const password = required(flags, "password");
          const role = required(flags, "role");
          if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
          if (!isValidEmail(email)) throw new UsageError("--email is not a valid email address");
          if (password.length < 8) throw new UsageError("--password must have at least 8 characters");
          if (!/^[0-9a-f-]{36}$/i.test(clinicId) || !(await findClinic(database.db, clinicId))) {
            throw new UsageError(`no clinic with id ${clinicId}`);
          }
          const user = await createUser(database.db, {
            clinicId,
            email,
            passwordHash: await hashPassword(password),
            role,
            firstName: typeof flags["first-name"] === "string" ? flags["first-name"] : null,
            lastName: typeof flags["last-name"] === "string" ? flags["last-name"] : null,
          }).catch((err) => {
            if (/users_email_key/.test(String(err?.cause ?? err)))
              throw new UsageError(`${email} already has an account`);
            throw err;
          });
          out({ user_id: user.id });
        } else {
          throw new UsageError(USAGE);
        }
        return 0;
      });
    default:
      throw new UsageError(USAGE);
  }
}

async function withDatabase<T>(
  config: Config,
  fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
) {
  const database = await openDatabase(config.database);
  try {
    await runMigrations(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}
