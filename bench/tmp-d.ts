import { dateNames, toPyDate } from "../src/core/templates/jinja/dates.js";
import { formatDateTime } from "../src/core/templates/format.js";
let t = performance.now(); for (let i = 0; i < 200; i++) dateNames("es"); console.log("dateNames ms", (performance.now() - t) / 200);
t = performance.now(); for (let i = 0; i < 200; i++) toPyDate(new Date(), "Europe/Madrid", "es"); console.log("toPyDate ms", (performance.now() - t) / 200);
t = performance.now(); for (let i = 0; i < 200; i++) formatDateTime(new Date(), "Europe/Madrid", "es"); console.log("formatDateTime ms", (performance.now() - t) / 200);
const f = new Intl.DateTimeFormat("es", { dateStyle: "full", timeZone: "Europe/Madrid" });
t = performance.now(); for (let i = 0; i < 2000; i++) f.format(new Date()); console.log("cached format ms", (performance.now() - t) / 2000);
