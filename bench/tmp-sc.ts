import { writeFileSync } from "node:fs";
import { benchScale } from "./scale.js";

const n = Number(process.argv[2] ?? 1000000);
const r = await benchScale({
  adminUrl: "postgres://postgres@127.0.0.1:5432/postgres",
  reminders: n,
  history: n,
  clinics: 100,
  claimLimit: 64,
});
writeFileSync("/tmp/scale.json", JSON.stringify(r, null, 1));
const { renderReport } = await import("./lib/report.js");
console.log(
  renderReport({
    mode: "x",
    n: 0,
    machine: { cpu_model: "", cores: 0, memory_gb: 0, node: "", load_average_at_start: [] },
    sink: {},
    scale: r,
  }),
);
