import type { FastifyReply } from 'fastify';

export interface EventStream<E> {
  send(event: E): void;
  end(): void;
  /** True once the client has gone: sends become no-ops. */
  readonly closed: boolean;
}

/**
 * Turns a Fastify reply into a Server-Sent Events stream. Headers set by hooks (CORS, helmet,
 * request id) are kept. A client that disconnects is noticed; later sends are dropped quietly.
 * A comment line every 15 s keeps proxies from closing a quiet stream.
 */
export function openEventStream<E>(reply: FastifyReply, frame: (e: E) => string): EventStream<E> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.flushHeaders();
  let closed = false;
  raw.on('close', () => {
    closed = true;
    clearInterval(heartbeat);
  });
  const heartbeat = setInterval(() => !closed && raw.write(': keep-alive\n\n'), 15_000);
  heartbeat.unref();
  return {
    get closed() {
      return closed || raw.destroyed;
    },
    send(event: E) {
      if (!closed && !raw.destroyed && !raw.writableEnded) raw.write(frame(event));
    },
    end() {
      clearInterval(heartbeat);
      if (!raw.writableEnded) raw.end();
    },
  };
}
