import { benchTemplates } from "./templates.js";
console.log(await benchTemplates({ seconds: 3 }));
