import type { Config } from "../config.js";
import { hashPassword } from "../core/auth/passwords.js";
import { parseTtl, TokenService } from "../core/auth/tokens.js";
import { isValidTimeZone } from "../core/clock.js";
import { PasswordCipher } from "../core/crypto/password-cipher.js";
import { openDatabase } from "../core/db/client.js";
import { runMigrations } from "../core/db/migrate.js";
import { isValidEmail } from "../core/email/index.js";
import { AppError } from "../core/errors.js";
import { createLogger } from "../core/logger.js";
import {
  INSTALLATION_PERMISSIONS,
  isInstallationPermission,
  isPermission,
  isRole,
  ROLES,
} from "../core/permissions.js";
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from "../core/plain-text.js";
import { securePrivateDir } from "../core/private-dir.js";
import { resolveSecretKey } from "../core/secret-key.js";
import { createClinic, createUser, findClinic, seedDemo } from "../modules/directory/index.js";
import { reencryptSecrets } from "./reencrypt.js";
import { systemTemplatesCommand, TemplatesUsageError } from "./system-templates-command.js";
import { WebhooksUsageError, webhooksCommand } from "./webhooks-command.js";

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
  token --installation --permissions notifications.system_templates.write [--ttl 1h]
  templates system set --key K --locale L --subject-file F --html-file F [--text-file F]
  templates system list | delete --key K --locale L
  webhooks system list | add --url U [--description D] [--events a,b] | rotate --id ID | delete --id ID
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

/** Names are one line: a line break in one could shape an email header or a calendar invitation. */
function oneLine(flags: Flags, ...names: string[]): void {
  for (const name of names) {
    const v = flags[name];
    if (typeof v === "string" && hasControlCharacters(v))
      throw new UsageError(`--${name} ${CONTROL_CHARACTERS_MESSAGE}`);
  }
}

const COMMANDS_USING_DATA = new Set([
  "templates",
  "webhooks",
  "start",
  "serve",
  "worker",
  "migrate",
  "clinics",
  "users",
  "token",
  "secrets",
  "seed-demo",
]);

export async function runCommand(args: string[], flags: Flags, config: Config): Promise<number> {
  const [command, sub] = args;
  const logger = createLogger(config.logLevel);
  // The embedded database and the generated key live in DATA_DIR: keep it owner-only.
  if (
    command &&
    COMMANDS_USING_DATA.has(command) &&
    (config.database.kind === "pglite" || !config.secretKey)
  ) {
    securePrivateDir(config.dataDir, logger);
  }
  switch (command) {
    case "start":
    case "serve":
      // Loaded only here: the server's modules are not needed by the short commands.
      await (await import("./serve.js")).serve(config, logger, {
        worker: command === "start" || !flags["no-worker"],
        seed: command === "start",
      });
      return -1;
    case "worker":
      // Loaded only here: the server's modules are not needed by the short commands.
      await (await import("./serve.js")).serve(config, logger, { worker: true, http: false, seed: false });
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
      if (flags.installation) {
        const wanted =
          typeof flags.permissions === "string" ? flags.permissions.split(",").map((s) => s.trim()) : [];
        const bad = wanted.filter((p) => !isInstallationPermission(p));
        if (wanted.length === 0 || bad.length) {
          throw new UsageError(
            `--installation needs --permissions from: ${INSTALLATION_PERMISSIONS.join(", ")}`,
          );
        }
        const tokens = new TokenService(resolveSecretKey(config));
        const ttlSeconds = parseTtl(typeof flags.ttl === "string" ? flags.ttl : "1h");
        out(
          await tokens.signInstallation({ permissions: wanted.filter(isInstallationPermission), ttlSeconds }),
        );
        return 0;
      }
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
    case "templates": {
      if (sub !== "system") throw new UsageError(USAGE);
      return withDatabase(config, async (database) => {
        try {
          out(await systemTemplatesCommand(args[2], flags, database, logger));
        } catch (err) {
          if (err instanceof TemplatesUsageError) throw new UsageError(err.message);
          if (err instanceof AppError) throw new UsageError(err.message);
          throw err;
        }
      });
    }
    case "webhooks": {
      if (sub !== "system") throw new UsageError(USAGE);
      return withDatabase(config, async (database) => {
        try {
          out(await webhooksCommand(args[2], flags, database, config, logger));
        } catch (err) {
          if (err instanceof WebhooksUsageError || err instanceof AppError) throw new UsageError(err.message);
          throw err;
        }
      });
    }
    case "seed-demo":
      return withDatabase(config, async (database) => out(await seedDemo(database)));
    case "clinics": {
      if (sub !== "create") throw new UsageError(USAGE);
      const values = clinicFlags(flags);
      return withDatabase(config, async (database) =>
        out({ clinic_id: (await createClinic(database.db, values)).id }),
      );
    }
    case "users": {
      if (sub !== "create") throw new UsageError(USAGE);
      const values = userFlags(flags);
      const passwordHash = await hashPassword(values.password);
      return withDatabase(config, async (database) => {
        if (!(await findClinic(database.db, values.clinicId)))
          throw new UsageError(`no clinic with id ${values.clinicId}`);
        const user = await createUser(database.db, { ...values, passwordHash }).catch((err) => {
          if (/users_email_key/.test(String(err?.cause ?? err)))
            throw new UsageError(`${values.email} already has an account`);
          throw err;
        });
        out({ user_id: user.id });
      });
    }
    default:
      throw new UsageError(USAGE);
  }
}

/** Checked before the database is opened, so a typo answers at once. */
function clinicFlags(flags: Flags) {
  oneLine(flags, "name");
  const name = required(flags, "name");
  const timezone = typeof flags.timezone === "string" ? flags.timezone : "Europe/Madrid";
  if (!isValidTimeZone(timezone)) throw new UsageError(`--timezone "${timezone}" is not an IANA time zone`);
  const locale = typeof flags.locale === "string" ? flags.locale : "es";
  if (!/^[a-z]{2}$/.test(locale)) throw new UsageError("--locale must be a two-letter code such as es or en");
  const email = typeof flags.email === "string" ? flags.email : null;
  if (email && !isValidEmail(email)) throw new UsageError("--email is not a valid email address");
  const text = (k: string) => (typeof flags[k] === "string" ? (flags[k] as string) : null);
  return { name, timezone, defaultLocale: locale, email, phone: text("phone"), address: text("address") };
}

function userFlags(flags: Flags) {
  oneLine(flags, "first-name", "last-name");
  const clinicId = required(flags, "clinic-id");
  const email = required(flags, "email");
  const password = required(flags, "password");
  const role = required(flags, "role");
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  if (!isValidEmail(email)) throw new UsageError("--email is not a valid email address");
  if (password.length < 8) throw new UsageError("--password must have at least 8 characters");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clinicId)) {
    throw new UsageError("--clinic-id must be a clinic's UUID");
  }
  const text = (k: string) => (typeof flags[k] === "string" ? (flags[k] as string) : null);
  return { clinicId, email, password, role, firstName: text("first-name"), lastName: text("last-name") };
}

async function withDatabase(
  config: Config,
  fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>,
) {
  const database = await openDatabase(config.database);
  try {
    await runMigrations(database);
    await fn(database);
    return 0;
  } finally {
    await database.close();
  }
}
