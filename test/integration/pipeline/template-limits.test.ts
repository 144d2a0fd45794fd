import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getLog } from "../../../src/modules/notifications/outbox/email-logs-repo.js";
import { insertClinicTemplate } from "../../../src/modules/notifications/settings/templates-repo.js";
import { createTestApp, createTestClinic, drain, type TestApp } from "../../support/app.js";

/**
 * A stored template that hits a limit, extends a missing layout or fails at run time, with no
 * other template to fall back to: the send is logged `failed` with the reason, not retried,
 * and the worker carries on.
 */

let t: TestApp;
let emptyDir: string;

beforeAll(async () => {
  t = await createTestApp();
  // A type of its own with no shipped files: the stored template is the only candidate.
  emptyDir = mkdtempSync(path.join(tmpdir(), "dp-no-templates-"));
  t.app.registerNotificationType({
    key: "lab_result",
    defaults: { enabled: true, auto_send: true },
    templatesDir: emptyDir,
  });
});
afterAll(async () => {
  await t?.close();
  rmSync(emptyDir, { recursive: true, force: true });
});

const CASES: [string, string, RegExp][] = [
  [
    "nested loops",
    "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
    /template error: body_html: (step|output size) limit exceeded/,
  ],
  ['"x" * 10**9', '<p>{{ "x" * 10**9 }}</p>', /template error: body_html: memory limit exceeded/],
  [
    'extends "/etc/passwd"',
    '{% extends "/etc/passwd" %}',
    /template error: body_html: template '\/etc\/passwd' not found/,
  ],
  [
    "{{ 1/0 }}",
    "<p>Hola</p>\n<p>{{ 1/0 }}</p>",
    /template error: body_html: division by zero \(line 2, column \d+\)/,
  ],
];

describe("a send with a stored template that cannot render", () => {
  it.each(CASES)("logs %s as failed with the reason", async (_name, bodyHtml, reason) => {
    const { clinicId } = await createTestClinic(t.app);
    // Stored directly: the API refuses most of these at save (templates stored before it did, or
    // system templates, still reach the worker).
    await insertClinicTemplate(t.app.database.db, {
      clinicId,
      templateKey: "lab_result",
      locale: "es",
      subject: "Resultados",
      bodyHtml,
      bodyText: null,
      isActive: true,
    });
    t.app.templateStore.invalidate();

    const sent = await t.app.notifications.sendNotification({
      clinicId,
      notificationType: "lab_result",
      toEmail: "paciente@example.com",
      context: { patient_name: "Ana" },
      forceSend: true,
      wait: false,
    });
    expect(sent.status).toBe("pending");
    const started = performance.now();
    await drain(t.app);
    expect(performance.now() - started).toBeLessThan(5000);

    const log = await getLog(t.app.database.db, clinicId, sent.logId!);
    expect(log?.status).toBe("failed");
    expect(log?.errorMessage).toMatch(reason);
    expect(log?.nextAttemptAt).toBeNull();
  });
});
