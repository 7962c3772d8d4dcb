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
 *
 * Events sent in the same tick (a burst of tokens that arrived in one read, a tool call and its
 * result) go out in one write, once the tick's work is done: each write is a system call, and a
 * turn sends dozens of events. Nothing waits for more than that tick.
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
  let pending = '';
  const open = () => !closed && !raw.destroyed && !raw.writableEnded;
  const flush = () => {
    if (pending && open()) raw.write(pending);
    pending = '';
  };
  raw.on('close', () => {
    closed = true;
    pending = '';
    clearInterval(heartbeat);
  });
  const heartbeat = setInterval(() => {
    flush();
    if (open()) raw.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();
  return {
    get closed() {
      return closed || raw.destroyed;
    },
    send(event: E) {
      if (!open()) return;
      if (!pending) process.nextTick(flush);
      pending += frame(event);
    },
    end() {
      clearInterval(heartbeat);
      flush();
      if (!raw.writableEnded) raw.end();
    },
  };
}
