import { parseArgs } from "node:util";
import { runCommand } from "./cli/commands.js";
import { ConfigError, loadConfig } from "./config.js";
import { DatabaseUnreachableError } from "./core/db/client.js";

/**
 * `npm run cli -- <command>`. Stdout carries only the command's JSON or token; logs and
 * errors go to stderr, as one line, without a stack trace.
 */
async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      name: { type: "string" },
      timezone: { type: "string" },
      locale: { type: "string" },
      email: { type: "string" },
      phone: { type: "string" },
      address: { type: "string" },
      "clinic-id": { type: "string" },
      "user-id": { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      permissions: { type: "string" },
      ttl: { type: "string" },
      "first-name": { type: "string" },
      "last-name": { type: "string" },
      "no-worker": { type: "boolean" },
      installation: { type: "boolean" },
      key: { type: "string" },
      "subject-file": { type: "string" },
      "html-file": { type: "string" },
      "text-file": { type: "string" },
      description: { type: "string" },
      url: { type: "string" },
      events: { type: "string" },
      id: { type: "string" },
    },
  });
  const config = loadConfig(process.env);
  return runCommand(positionals, values as Record<string, string | boolean | undefined>, config);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof DatabaseUnreachableError;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message}\n`);
    if (!known && process.env.LOG_LEVEL === "debug") process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
