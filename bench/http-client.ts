/**
 * A lean HTTP/1.1 load generator for bench:webhook: one keep-alive socket per client, each request's bytes built
 * before the phase, answers read by their Content-Length. Node's http client (an IncomingMessage, a parser and
 * an agent per request) cost ≈80 µs of CPU per request on the same two cores as the server and Postgres, as much
 * as half the server's own; a load generator that heavy measures itself.
 */
import { connect, type Socket } from "node:net";

export interface Prepared {
  bytes: Buffer;
}

/** The request line, headers and body of one POST, as bytes. */
export function prepare(path: string, headers: Record<string, string>, body: string): Prepared {
  const payload = Buffer.from(body, "utf8");
  let head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n`;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === "content-length" || k.toLowerCase() === "host") continue;
    head += `${k}: ${v}\r\n`;
  }
  head += `Content-Length: ${payload.length}\r\n\r\n`;
  return { bytes: Buffer.concat([Buffer.from(head, "latin1"), payload]) };
}

const HEAD_END = Buffer.from("\r\n\r\n");

/** One connection sending one request at a time; `send` resolves with the answer's status. */
export class Connection {
  private socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (status: number) => void; reject: (e: Error) => void } | undefined;
  /** Set once the socket ended (the server closes idle keep-alive connections after a few seconds). */
  closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (err) => this.fail(err));
    socket.on("close", () => {
      this.closed = true;
      this.fail(new Error("connection closed"));
    });
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => resolve(new Connection(socket)));
      socket.once("error", reject);
    });
  }

  send(req: Prepared): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(req.bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf(HEAD_END);
    if (end < 0) return;
    const head = this.buffer.toString("latin1", 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.fail(new Error("answer without Content-Length"));
      return;
    }
    const total = end + HEAD_END.length + Number(length[1]);
    if (this.buffer.length < total) return;
    this.buffer = this.buffer.subarray(total);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(status);
  }

  private fail(err: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(err);
  }
}
