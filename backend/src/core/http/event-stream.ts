import type { FastifyReply } from 'fastify';

export interface EventStream<E> {
  /**
   * Queues an event. Returns false while the client is not keeping up (the socket's buffer is
   * full) or has gone: a producer that can wait awaits `drained()` before sending more.
   */
  send(event: E): boolean;
  /** Resolves once the socket has taken what was queued (at once when nothing waits, or the client has gone). */
  drained(): Promise<void>;
  end(): void;
  /** True once the client has gone: sends become no-ops. */
  readonly closed: boolean;
  /** Bytes held for this client: queued here plus in the socket's own buffer. */
  readonly bufferedBytes: number;
}

export interface EventStreamOptions {
  /**
   * A client that leaves more than this many bytes unread is cut off (the stream is destroyed),
   * so one stalled reader cannot hold unbounded memory. An agent turn writes tens of kB; the
   * turn is kept whole either way and a reconnecting client reads it from the session.
   */
  maxBufferedBytes?: number;
}

const DEFAULT_MAX_BUFFERED = 4 * 1024 * 1024;

/**
 * Turns a Fastify reply into a Server-Sent Events stream. Headers set by hooks (CORS, helmet,
 * request id) are kept. A client that disconnects is noticed; later sends are dropped quietly.
 * A comment line every 15 s keeps proxies from closing a quiet stream.
 *
 * Events sent in the same tick (a burst of tokens that arrived in one read, a tool call and its
 * result) go out in one write, once the tick's work is done: each write is a system call, and a
 * turn sends dozens of events. Nothing waits for more than that tick.
 *
 * Back-pressure: when `write()` returns false (the socket's buffer is full: a slow reader, a slow
 * network), nothing more is written until 'drain'; events keep queueing here, in order, and go out
 * together on 'drain'. So the socket never holds more than its high-water mark plus one write,
 * and what waits here is bounded by `maxBufferedBytes`.
 */
export function openEventStream<E>(reply: FastifyReply, frame: (e: E) => string, options: EventStreamOptions = {}): EventStream<E> {
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
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
  let pendingBytes = 0;
  /** Set while the socket's buffer is full, until 'drain'. */
  let blocked = false;
  let ending = false;
  let waiters: (() => void)[] = [];
  const open = () => !closed && !raw.destroyed && !raw.writableEnded;
  const wake = () => {
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };
  const write = (chunk: string) => {
    if (!raw.write(chunk)) {
      blocked = true;
      raw.once('drain', onDrain);
    }
  };
  const flush = () => {
    if (!open()) {
      pending = '';
      pendingBytes = 0;
      return;
    }
    if (blocked) return; // 'drain' writes what is pending, in order
    if (pending) {
      const chunk = pending;
      pending = '';
      pendingBytes = 0;
      write(chunk);
    }
    if (ending && !blocked) raw.end();
  };
  function onDrain() {
    blocked = false;
    flush();
    if (!blocked) wake();
  }
  raw.on('close', () => {
    closed = true;
    pending = '';
    pendingBytes = 0;
    clearInterval(heartbeat);
    wake();
  });
  const heartbeat = setInterval(() => {
    flush();
    if (open() && !blocked) write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();
  return {
    get closed() {
      return closed || raw.destroyed;
    },
    get bufferedBytes() {
      return pendingBytes + raw.writableLength;
    },
    send(event: E) {
      if (!open() || ending) return false;
      if (!pending && !blocked) process.nextTick(flush);
      const text = frame(event);
      pending += text;
      pendingBytes += Buffer.byteLength(text);
      if (pendingBytes + raw.writableLength > maxBuffered) {
        // The reader has stopped reading: let it go rather than hold its events without bound.
        pending = '';
        pendingBytes = 0;
        raw.destroy();
        return false;
      }
      return !blocked;
    },
    drained() {
      if (!blocked || !open()) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    end() {
      if (ending) return;
      ending = true;
      clearInterval(heartbeat);
      if (!open()) return;
      // Ends now, or on 'drain' once everything queued has been written.
      flush();
    },
  };
}
