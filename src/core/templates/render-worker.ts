/**
 * Entry of a render pool thread (see render-pool.ts): renders jobs with its own engine and
 * compiled-template cache, and answers each with the outcome or the template error as data.
 */
import { parentPort, workerData } from "node:worker_threads";
import { TemplateEngine } from "./jinja/index.js";
import { packError, type RenderJob, runRenderJob, unpackJob } from "./render-job.js";

const port = parentPort!;
const engine = new TemplateEngine({ limits: (workerData as { limits: TemplateEngine["limits"] }).limits });

port.on("message", (msg: { id: number; packed: Parameters<typeof unpackJob>[0] }) => {
  let job: RenderJob;
  try {
    job = unpackJob(msg.packed);
    port.postMessage({ id: msg.id, outcome: runRenderJob(engine, job) });
  } catch (err) {
    const packed = packError(err);
    port.postMessage(
      packed
        ? { id: msg.id, templateError: packed }
        : { id: msg.id, failure: (err as Error)?.message ?? String(err) },
    );
  }
});
port.postMessage({ ready: true });
