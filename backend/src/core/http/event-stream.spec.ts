import { get, IncomingMessage } from 'node:http';
import { setImmediate as nextLoop } from 'node:timers/promises';
import Fastify, { FastifyInstance } from 'fastify';
import { openEventStream } from './event-stream';

/** A real Fastify server and a real HTTP client; the response's writes are counted. */
describe('openEventStream', () => {
  let app: FastifyInstance;
  let base: string;
  let writes: string[];

  const frame = (e: { n: number }) => `event: n\ndata: ${e.n}\n\n`;
  const tick = () => new Promise((r) => setTimeout(r, 20));

  beforeAll(async () => {
    app = Fastify();
    app.get('/stream', async (_req, reply) => {
      const raw = reply.raw;
      const write = raw.write.bind(raw) as (chunk: string) => boolean;
      writes = [];
      raw.write = ((chunk: string) => {
        writes.push(String(chunk));
        return write(chunk);
      }) as typeof raw.write;
      const stream = openEventStream(reply, frame);
      // A burst in one tick (tokens that arrived in one read) …
      stream.send({ n: 1 });
      stream.send({ n: 2 });
      stream.send({ n: 3 });
      await tick();
      // … then one on its own, then two just before the end.
      stream.send({ n: 4 });
      await tick();
      stream.send({ n: 5 });
      stream.send({ n: 6 });
      stream.end();
      stream.send({ n: 7 });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(() => app.close());

  it('writes the events of one tick together, and nothing waits past its tick', async () => {
    const res = await fetch(`${base}/stream`);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const body = await res.text();
    expect([...body.matchAll(/^data: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6]);
    // One write for the burst, one for the lone event (sent a tick later, it did not wait for
    // the next), one for the two flushed by the end; nothing after the end.
    expect(writes).toEqual([frame({ n: 1 }) + frame({ n: 2 }) + frame({ n: 3 }), frame({ n: 4 }), frame({ n: 5 }) + frame({ n: 6 })]);
  });
});

/**
 * Back-pressure with a real slow reader: a real HTTP client that stops reading for a while, then
 * reads a little at a time, against a producer sending 16 MB of events. What the server holds for
 * the client stays bounded, and every event arrives, once, in order.
 */
describe('openEventStream under a slow reader', () => {
  const EVENTS = 4000;
  const PAYLOAD = 'x'.repeat(4000);
  const frame = (e: { n: number }) => `event: n\ndata: ${e.n} ${PAYLOAD}\n\n`;
  let app: FastifyInstance;
  let base: string;
  /** What the server saw, per route. */
  const seen = { maxBuffered: 0, maxSocketBuffer: 0, refusedWrites: 0, sent: 0, closedAfter: -1 };

  beforeAll(async () => {
    app = Fastify();
    // A producer that waits when told to (as a producer that can pause should).
    app.get('/patient', async (_req, reply) => {
      const raw = reply.raw;
      const write = raw.write.bind(raw) as (chunk: string) => boolean;
      raw.write = ((chunk: string) => {
        const ok = write(chunk);
        if (!ok) seen.refusedWrites++;
        seen.maxSocketBuffer = Math.max(seen.maxSocketBuffer, raw.writableLength);
        return ok;
      }) as typeof raw.write;
      const stream = openEventStream(reply, frame);
      for (let n = 0; n < EVENTS; n += 8) {
        let ok = true;
        for (let i = n; i < n + 8; i++) ok = stream.send({ n: i });
        seen.maxBuffered = Math.max(seen.maxBuffered, stream.bufferedBytes);
        if (ok) await nextLoop();
        else await stream.drained();
      }
      stream.end();
    });
    // A producer that never waits: the stream must hold the line itself.
    app.get('/impatient', async (_req, reply) => {
      const stream = openEventStream(reply, frame, { maxBufferedBytes: 1024 * 1024 });
      for (let n = 0; n < EVENTS; n++) {
        stream.send({ n });
        seen.maxBuffered = Math.max(seen.maxBuffered, stream.bufferedBytes);
        if (stream.closed) {
          seen.closedAfter = n;
          return;
        }
        if (n % 8 === 7) await nextLoop();
      }
      stream.end();
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(() => app.close());
  beforeEach(() => Object.assign(seen, { maxBuffered: 0, maxSocketBuffer: 0, refusedWrites: 0, sent: 0, closedAfter: -1 }));

  /** Opens the stream and does not read for `stallMs`; then reads one chunk per `perChunkMs`. */
  const slowRead = (path: string, stallMs: number, perChunkMs: number) =>
    new Promise<{ body: string; complete: boolean }>((done, fail) => {
      const req = get(`${base}${path}`, (res: IncomingMessage) => {
        res.pause();
        let body = '';
        let ended = false;
        // A paused response hears of a cut-off connection through its socket only.
        req.once('close', () => setTimeout(() => done({ body, complete: ended }), 50));
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
          res.pause();
          setTimeout(() => res.resume(), perChunkMs);
        });
        res.on('end', () => (ended = true));
        res.on('error', () => undefined);
        const stall = setTimeout(() => res.resume(), stallMs);
        req.once('close', () => clearTimeout(stall));
      });
      req.on('error', fail);
    });

  it('stops writing when the socket is full, resumes on drain, and delivers every event in order', async () => {
    const { body, complete } = await slowRead('/patient', 500, 1);
    expect(complete).toBe(true);
    const ids = [...body.matchAll(/^data: (\d+) /gm)].map((m) => Number(m[1]));
    expect(ids).toEqual(Array.from({ length: EVENTS }, (_, i) => i));
    expect(body).toHaveLength(EVENTS * frame({ n: 0 }).length + ids.reduce((sum, n) => sum + String(n).length - 1, 0));
    // The socket did fill up (so the limit was exercised) …
    expect(seen.refusedWrites).toBeGreaterThan(0);
    // … yet of 16 MB sent, the server never held more than a few batches for this client; writing
    // on regardless (the old writer) piles the megabytes the reader has not taken into the socket's buffer.
    expect(seen.maxBuffered).toBeLessThan(256 * 1024);
    expect(seen.maxSocketBuffer).toBeLessThan(256 * 1024);
  }, 60_000);

  it('cuts off a reader that leaves more than maxBufferedBytes unread, instead of holding it all', async () => {
    const { complete } = await slowRead('/impatient', 2_000, 1);
    expect(complete).toBe(false);
    expect(seen.closedAfter).toBeGreaterThan(0);
    expect(seen.closedAfter).toBeLessThan(EVENTS - 1);
    expect(seen.maxBuffered).toBeLessThanOrEqual(1024 * 1024 + frame({ n: EVENTS }).length);
  }, 60_000);
});
