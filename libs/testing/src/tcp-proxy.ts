import net from 'node:net';

export interface TcpProxy {
  /** Where clients connect instead of the target (127.0.0.1). */
  port: number;
  address: string;
  /** Holds every byte in both directions (connections stay open): calls through it hang until `resume`. */
  pause(): void;
  resume(): void;
  /** The target goes away: open connections are reset and new ones refused (ECONNREFUSED) until `restore`. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a real engine (Postgres, Temporal), for tests that need the engine to be slow or
 * gone for one process only, while the rest of the suite keeps using it: a real fault on the wire, not a stub.
 * Written by hand because it is a few lines over node:net and must pause and cut on command.
 */
export async function startTcpProxy(target: { host?: string; port: number }, port = 0): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let paused = false;

  const onConnection = (client: net.Socket) => {
    const upstream = net.connect({ host: target.host ?? '127.0.0.1', port: target.port });
    const pair = [client, upstream];
    for (const s of pair) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    if (paused) for (const s of pair) s.pause();
  };

  let server = net.createServer(onConnection);
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        const addr = server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : p);
      });
    });
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const bound = await listen(port);

  const proxy: TcpProxy = {
    port: bound,
    address: `127.0.0.1:${bound}`,
    pause: () => {
      paused = true;
      for (const s of sockets) s.pause();
    },
    resume: () => {
      paused = false;
      for (const s of sockets) s.resume();
    },
    cut: async () => {
      await Promise.all([
        stopListening(),
        ...[...sockets].map((s) => new Promise<void>((r) => (s.destroyed ? r() : (s.once('close', () => r()), s.resetAndDestroy())))),
      ]);
    },
    restore: async () => {
      server = net.createServer(onConnection);
      await listen(bound);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await stopListening();
    },
  };
  return proxy;
}
