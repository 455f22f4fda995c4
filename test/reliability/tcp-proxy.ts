import net from "node:net";
import type { AddressInfo } from "node:net";

/** A TCP proxy in front of the database, so a test can make it unreachable for the app without touching other tests. */
export interface TcpProxy {
  readonly port: number;
  /** Drops every open connection and refuses new ones (as a restarting PostgreSQL does). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) { client.destroy(); return; }
    const upstream = net.connect(target.port, target.host);
    open.add(client).add(upstream);
    const end = () => { client.destroy(); upstream.destroy(); open.delete(client); open.delete(upstream); };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => { server.listen(0, "127.0.0.1", resolve); });
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      down = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore() { down = false; },
    close: () => new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => { resolve(); });
    }),
  };
}
