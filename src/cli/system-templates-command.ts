import { readFileSync } from "node:fs";
import type { Database } from "../core/db/client.js";
import type { Logger } from "../core/logger.js";
import { TemplateService } from "../core/templates/index.js";
import {
  deleteSystemTemplate,
  listSystemTemplates,
  NotificationTypeRegistry,
  saveSystemTemplate,
  systemTemplateView,
} from "../modules/notifications/index.js";

type Flags = Record<string, string | boolean | undefined>;

export class TemplatesUsageError extends Error {}

function flag(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== "string" || v.trim() === "") throw new TemplatesUsageError(`--${name} is required`);
  return v.trim();
}

function readText(flags: Flags, name: string): string {
  const file = flag(flags, name);
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new TemplatesUsageError(`--${name}: cannot read ${file}: ${(err as Error).message}`);
  }
}

/**
 * `templates system set|list|delete`: the installation's templates, written by the operator
 * with the same checks as the API (known type, locale, Jinja2 syntax). Prints JSON.
 */
export async function systemTemplatesCommand(
  action: string | undefined,
  flags: Flags,
  database: Database,
  logger: Logger,
): Promise<unknown> {
  switch (action) {
    case "list":
      return (await listSystemTemplates(database.db)).map(systemTemplateView);
    case "set": {
      // Nothing is rendered here: no template store is needed beyond the syntax check.
      const templates = new TemplateService({ store: { findCandidates: async () => [] }, logger });
      const { row, created } = await saveSystemTemplate(
        { db: database.db, registry: new NotificationTypeRegistry(), templates },
        {
          templateKey: flag(flags, "key"),
          locale: flag(flags, "locale"),
          subject: readText(flags, "subject-file").trim(),
          bodyHtml: readText(flags, "html-file"),
          bodyText: typeof flags["text-file"] === "string" ? readText(flags, "text-file") : null,
          description: typeof flags.description === "string" ? flags.description : null,
        },
      );
      return { ...systemTemplateView(row), created };
    }
    case "delete":
      await deleteSystemTemplate(database.db, flag(flags, "key"), flag(flags, "locale"));
      return { deleted: true };
    default:
      throw new TemplatesUsageError(
        "usage: templates system set --key K --locale L --subject-file F --html-file F [--text-file F] | list | delete --key K --locale L",
      );
  }
}
