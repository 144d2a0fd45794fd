import nodemailer from "nodemailer";
import { startSinkProcess } from "../test/support/sink-process.js";
const sink = await startSinkProcess();
const t = nodemailer.createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true, pool: true });
const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "X-FILLER:abcdefghij\r\n".repeat(40) + "END:VCALENDAR\r\n";
for (const variant of ["plain", "ics", "plain", "ics"]) {
  const t0 = performance.now();
  for (let i = 0; i < 40; i++) await t.sendMail({ from: "a@b.example", to: "c@d.example", subject: "x", html: "<p>hello</p>".repeat(200), text: "hello", headers: { "X-DentalPin-Log-Id": `id-${i}` }, ...(variant === "ics" ? { attachments: [{ filename: "cita.ics", content: ics, contentType: "text/calendar; charset=utf-8; method=REQUEST" }], icalEvent: undefined } : {}) });
  console.log(variant, "sequential ms/msg", ((performance.now() - t0) / 40).toFixed(1));
}
t.close(); await sink.close();
