import net from "node:net";

// A TCP proxy between an app server and PostgreSQL, to take the database away mid-run:
// `cut()` drops every connection and refuses new ones (the database is down);
// `blackhole()` accepts connections but forwards nothing, and freezes the open ones
// (a network partition: packets vanish, nothing is refused); `restore()` undoes either.

export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  blackhole(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let mode: "up" | "blackhole" = "up";
  let listener: net.Server | undefined;
  let port = 0;

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };

  const onConnection = (client: net.Socket) => {
    track(client);
    if (mode === "blackhole") {
      client.pause();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const server = net.createServer(onConnection);
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server.address() as net.AddressInfo).port;
        listener = server;
        resolve();
      });
    });

  const stopListening = () =>
    new Promise<void>((resolve) => {
      const server = listener;
      listener = undefined;
      if (!server) return resolve();
      server.close(() => resolve());
    });

  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  await listen();

  return {
    get port() {
      return port;
    },
    async cut() {
      const closed = stopListening();
      dropAll();
      await closed;
    },
    blackhole() {
      mode = "blackhole";
      for (const socket of sockets) {
        socket.pause();
        // Anything still in flight is swallowed rather than delivered.
        socket.unpipe();
      }
    },
    async restore() {
      mode = "up";
      dropAll();
      if (!listener) await listen();
    },
    async close() {
      const closed = stopListening();
      dropAll();
      await closed;
    },
  };
}
