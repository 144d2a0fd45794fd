import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Logger } from "./logger.js";

/**
 * DATA_DIR holds the embedded database and the generated secret key: only the service's
 * own user may read or change them. Creates DATA_DIR 0700; on an existing one, makes it
 * 0700 and takes group and other permissions off the key file and the database folder
 * (directories 0700, files 0600 or tighter), logging what it changed; then sets the process umask to 077 so files written later (the
 * database's own) are owner-only from the start. Returns the paths it fixed.
 */
export function securePrivateDir(dir: string, logger: Pick<Logger, "warn">): string[] {
  const root = path.resolve(dir);
  process.umask(0o077);
  if (!existsSync(root)) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    return [];
  }
  // Only what the service itself writes there: DATA_DIR may be a folder with other things in it.
  const fixed = [root, path.join(root, "secret_key"), path.join(root, "pgdata")].flatMap((p) =>
    p === root ? restrictDirOnly(root) : restrictToOwner(p),
  );
  if (fixed.length) {
    logger.warn(
      {
        dataDir: root,
        fixed: fixed.length,
        examples: fixed.slice(0, 5).map((f) => path.relative(root, f) || "."),
      },
      "DATA_DIR was readable by other users: made it owner-only",
    );
  }
  return fixed;
}

function restrictDirOnly(dir: string): string[] {
  if ((lstatSync(dir).mode & 0o777) === 0o700) return [];
  chmodSync(dir, 0o700);
  return [dir];
}

/**
 * Takes group and other permissions off `root` and everything under it (directories 0700,
 * files keep only their owner bits); returns what it changed. PGlite's file layer creates
 * files 0644 whatever the process umask, so the embedded database calls this again when it
 * closes (the 0700 folder keeps them out of reach in between).
 */
export function restrictToOwner(root: string): string[] {
  const fixed: string[] = [];
  if (!existsSync(root)) return [];
  const stack = [root];
  while (stack.length) {
    const at = stack.pop()!;
    const stat = lstatSync(at);
    if (stat.isSymbolicLink()) continue;
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o700) {
        chmodSync(at, 0o700);
        fixed.push(at);
      }
      for (const name of readdirSync(at)) stack.push(path.join(at, name));
    } else if (mode & 0o077) {
      chmodSync(at, mode & 0o700);
      fixed.push(at);
    }
  }
  return fixed;
}
