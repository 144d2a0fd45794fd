import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

/**
 * An smtp-server on 127.0.0.1 that can be stopped and started again on the same port, so a
 * test can take the relay away and bring it back. Listening on return.
 */
export async function listenRestartable(options: SMTPServerOptions, port = 0) {
  let server: SMTPServer | undefined;
  let boundPort = port;
  const start = async () => {
    if (server) return;
    const s = new SMTPServer(options);
    s.on("error", () => {}); // a client that vanishes mid-session is not the server's failure
    await new Promise<void>((resolve, reject) => {
      s.server.once("error", reject);
      s.listen(boundPort, "127.0.0.1", () => resolve());
    });
    boundPort = (s.server.address() as AddressInfo).port;
    server = s;
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await start();
  return {
    get port() {
      return boundPort;
    },
    start,
    stop,
  };
}
