import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "../../../src/core/auth/tokens.js";
import { cliInstallation } from "../../support/cli-installation.js";
import { onceAcrossEngines, onPostgres } from "../../support/engine.js";

const SECRET = "cli-test-secret-key-0123";
const installation = cliInstallation({
  name: "systpl",
  secret: SECRET,
  postgres: onceAcrossEngines && onPostgres,
});
const cli = (args: string[]) => installation.cli(args);
const file = (name: string) => path.join(installation.dir, name);

beforeAll(() => {
  writeFileSync(file("subject.txt"), "Welcome to {{ clinic_name }}\n");
  writeFileSync(file("body.html"), "<p>Hello {{ patient_name }}</p>");
  writeFileSync(file("broken.html"), "<p>{{ patient_name </p>");
});

describe.runIf(onceAcrossEngines)("templates system (CLI)", { timeout: 120_000 }, () => {
  it("sets, lists and deletes a system template, printing JSON", async () => {
    const set = await cli([
      "templates",
      "system",
      "set",
      "--key",
      "welcome",
      "--locale",
      "en",
      "--subject-file",
      file("subject.txt"),
      "--html-file",
      file("body.html"),
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      template_key: "welcome",
      locale: "en",
      subject: "Welcome to {{ clinic_name }}",
      created: true,
    });
    const list = await cli(["templates", "system", "list"]);
    expect(JSON.parse(list.stdout).map((r: { template_key: string }) => r.template_key)).toEqual(["welcome"]);
    const del = await cli(["templates", "system", "delete", "--key", "welcome", "--locale", "en"]);
    expect(JSON.parse(del.stdout)).toEqual({ deleted: true });
    expect(JSON.parse((await cli(["templates", "system", "list"])).stdout)).toEqual([]);
  });

  it("refuses a template with a syntax error, saying where, and stores nothing", async () => {
    const bad = await cli([
      "templates",
      "system",
      "set",
      "--key",
      "welcome",
      "--locale",
      "en",
      "--subject-file",
      file("subject.txt"),
      "--html-file",
      file("broken.html"),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*line 1/m);
    expect(bad.stdout).toBe("");
    expect(JSON.parse((await cli(["templates", "system", "list"])).stdout)).toEqual([]);
  });

  it("prints an installation token that only opens installation routes", async () => {
    const res = await cli([
      "token",
      "--installation",
      "--permissions",
      "notifications.system_templates.write",
    ]);
    expect(res.code, res.stderr).toBe(0);
    const tokens = new TokenService(SECRET);
    expect(await tokens.verifyInstallation(res.stdout.trim())).toEqual({
      permissions: ["notifications.system_templates.write"],
    });
    await expect(tokens.verifyAccess(res.stdout.trim())).rejects.toThrow();
    const refused = await cli(["token", "--installation", "--permissions", "notifications.send"]);
    expect(refused.code).toBe(1);
  });
});
