/**
 * Server-sent events over a fastify reply: the reply is taken over (`hijack`) and kept open, each
 * event written as `event: <type>` / `data: <json>`, with a comment every 15 s so proxies and
 * browsers keep the connection.
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** An open event stream. */
export interface EventStream {
  /** Sends one event; `type` becomes the `EventSource` event name. */
  send(type: string, data: unknown): void;
  /** Ends the stream (the client's `EventSource` reconnects unless it closes itself). */
  end(): void;
  /** Called once when the client goes away or {@link end} is called. */
  onClose(listener: () => void): void;
}

/** Opens an event stream on `reply` (headers `extraHeaders` added, e.g. the isolation headers). */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, extraHeaders: Readonly<Record<string, string>> = {}): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { ...extraHeaders, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  raw.write(': open\n\n');
  const listeners: (() => void)[] = [];
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners) listener();
  };
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
  request.raw.on('close', close);
  raw.on('close', close);
  return {
    send(type, data) {
      if (closed) return;
      raw.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (!closed) raw.end();
      close();
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}
