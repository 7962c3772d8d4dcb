/**
 * A stand-in OpenAI-compatible chat server for protocol-level tests of OpenAiProvider. NO LIVE
 * MODEL WAS CALLED while this was written or tested: OpenAI is not reachable from this machine.
 *
 * What it is: a real HTTP server (node:http, 127.0.0.1, a free port) answering
 * POST /v1/chat/completions with `stream: true` the way the OpenAI API streams: `data: {chunk}`
 * lines of `chat.completion.chunk` objects, text in `choices[0].delta.content`, tool calls in
 * `choices[0].delta.tool_calls` split into pieces (id and name first, then the arguments in
 * fragments, keyed by index), a final chunk with `finish_reason`, a usage-only chunk when
 * `stream_options.include_usage` is set, then `data: [DONE]`. What it answers is scripted by the
 * test: a function from the request to a reply (text and/or tool calls). It can also fail with a
 * status, or wait before answering. Every request body is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  text?: string;
  toolCalls?: { name: string; args: unknown }[];
  /** Answer with this HTTP status and an OpenAI-style error body instead. */
  status?: number;
  /** Wait this long before the first byte. */
  delayMs?: number;
  /** Wait this long between streamed chunks. */
  chunkDelayMs?: number;
  usage?: { prompt: number; completion: number; cached: number };
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string } }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

export interface FakeOpenAiChat {
  /** Base URL for the client, ending in /v1. */
  url: string;
  requests: ChatRequestBody[];
  /** The Authorization header of each chat request, in order (undefined when none was sent). */
  authorizations: (string | undefined)[];
  script: (req: ChatRequestBody) => ScriptedReply;
  /** Time from each request's arrival to its last byte, tagged with the "[tag]" in its last user message. */
  timings: { tag: string; ms: number }[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Splits a string into `n` roughly equal fragments, as models stream tool arguments. */
const fragments = (s: string, n: number) => {
  const size = Math.max(1, Math.ceil(s.length / n));
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
};

export async function startFakeOpenAiChat(script: FakeOpenAiChat['script']): Promise<FakeOpenAiChat> {
  const state: FakeOpenAiChat = { url: '', requests: [], authorizations: [], script, timings: [], close: () => Promise.resolve() };
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    const arrived = performance.now();
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      void (async () => {
        if (req.method === 'POST' && req.url === '/v1/embeddings') {
          // Embeddings too, so an app configured with this server for chat can also embed: a
          // deterministic vector per text (letters hashed into the requested dimensions).
          const { input, dimensions, encoding_format } = JSON.parse(raw) as { input: string[] | string; dimensions?: number; encoding_format?: 'float' | 'base64' };
          const texts = Array.isArray(input) ? input : [input];
          const data = texts.map((text, index) => {
            const v = new Array<number>(dimensions ?? 384).fill(0);
            for (let i = 0; i < text.length; i++) v[(text.charCodeAt(i) * 31 + i) % v.length] += 1;
            const norm = Math.hypot(...v) || 1;
            const unit = Float32Array.from(v.map((x) => x / norm));
            return { object: 'embedding', index, embedding: encoding_format === 'base64' ? Buffer.from(unit.buffer).toString('base64') : Array.from(unit) };
          });
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: 'fake', usage: { prompt_tokens: 0, total_tokens: 0 } }));
          return;
        }
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
          return;
        }
        const body = JSON.parse(raw) as ChatRequestBody;
        state.requests.push(body);
        state.authorizations.push(req.headers.authorization);
        const reply = state.script(body);
        if (reply.delayMs) await sleep(reply.delayMs);
        if (reply.status) {
          res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
          return;
        }
        const id = `chatcmpl-${++n}`;
        const base = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model };
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const send = async (chunk: object) => {
          if (res.destroyed) return;
          res.write(`data: ${JSON.stringify({ ...base, ...chunk })}\n\n`);
          if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
        };
        await send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
        for (const piece of reply.text ? (reply.text.match(/\S+\s*/g) ?? []) : []) await send({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
        for (const [index, call] of (reply.toolCalls ?? []).entries()) {
          await send({ choices: [{ index: 0, delta: { tool_calls: [{ index, id: `call_${n}_${index}`, type: 'function', function: { name: call.name, arguments: '' } }] }, finish_reason: null }] });
          for (const frag of fragments(typeof call.args === 'string' ? call.args : JSON.stringify(call.args), 3)) await send({ choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: frag } }] }, finish_reason: null }] });
        }
        await send({ choices: [{ index: 0, delta: {}, finish_reason: reply.toolCalls?.length ? 'tool_calls' : 'stop' }] });
        if (body.stream_options?.include_usage) {
          const u = reply.usage ?? { prompt: 1200, completion: 40, cached: 1024 };
          await send({ choices: [], usage: { prompt_tokens: u.prompt, completion_tokens: u.completion, total_tokens: u.prompt + u.completion, prompt_tokens_details: { cached_tokens: u.cached } } });
        }
        if (!res.destroyed) res.end('data: [DONE]\n\n');
        const lastUser = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
        state.timings.push({ tag: /\[(\w+)\]/.exec(lastUser)?.[1] ?? '', ms: performance.now() - arrived });
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}

/** The events of a text/event-stream body, in order; `T` is what the caller expects in `data`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export function parseSse<T = any>(body: string): { event: string; data: T }[] {
  return body
    .split('\n\n')
    .filter((f) => f.trim() && !f.startsWith(':'))
    .map((f) => {
      const event = /^event: (.*)$/m.exec(f)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(f)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) as T };
    });
}
