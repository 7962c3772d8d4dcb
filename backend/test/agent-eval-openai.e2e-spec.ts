import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ChatRequestBody, FakeOpenAiChat, ScriptedReply, startFakeOpenAiChat } from '../bench/fake-openai-chat';

const RUNNER = resolve(__dirname, '..', '..', 'dist', 'backend', 'eval', 'agent', 'run.js');
const DEV_SET = resolve(__dirname, '..', 'eval', 'agent', 'dev-set.json');
const ONLY = ['buy-001', 'buy-002'];

/**
 * `npm run eval:agent` against an OpenAI-compatible server with no API key (AGENT_PROVIDER=openai +
 * OPENAI_BASE_URL, as for llama.cpp or Ollama): the built runner, as its own process, on two
 * development conversations, against a local stand-in that speaks the chat-completions protocol over
 * real HTTP (fake-openai-chat.ts). It proves the wiring and the report, not a model's quality:
 * NO LIVE MODEL WAS RUN (none is reachable from this machine).
 */
describe('agent evaluation against an OpenAI-compatible server (local stand-in, no API key)', () => {
  let fake: FakeOpenAiChat;
  let outDir: string;

  /** A tiny "model": records purpose=buy when the lead says buy, then answers in a sentence. */
  const script = (req: ChatRequestBody): ScriptedReply => {
    const lastUser = req.messages.map((m) => m.role).lastIndexOf('user');
    const answered = req.messages.slice(lastUser + 1).some((m) => m.role === 'tool');
    const text = req.messages[lastUser]?.content ?? '';
    if (!answered && /\bbuy\b/i.test(text)) return { toolCalls: [{ name: 'update_lead_profile', args: { facts: [{ field: 'purpose', value: 'buy', quote: 'buy', confidence: 0.9 }] } }] };
    return { text: 'Noted. What else matters to you in a home?' };
  };

  beforeAll(async () => {
    expect(existsSync(RUNNER)).toBe(true); // `npm run test:backend` builds first (pretest)
    fake = await startFakeOpenAiChat(script);
    outDir = mkdtempSync(join(tmpdir(), 'openhouse-agent-eval-'));
  });
  afterAll(async () => {
    await fake.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('runs the development conversations through the model server and reports the same metrics, provider openai', async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AGENT_PROVIDER: 'openai',
      OPENAI_BASE_URL: fake.url,
      OPENAI_MODEL: 'eval-stand-in',
      EVAL_AGENT_SETS: 'dev',
      EVAL_AGENT_ONLY: ONLY.join(','),
      EVAL_AGENT_RESULTS_DIR: outDir,
      ...(process.env.TEST_DATABASE_URL ? { BENCH_DATABASE_URL: process.env.TEST_DATABASE_URL } : {}),
    };
    const child = spawn(process.execPath, [RUNNER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((ok) => child.once('exit', ok));
    expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });

    // The report names the provider, the model and the server, and has the usual metrics.
    expect(out).toContain(`Provider: **openai** (model \`eval-stand-in\` at ${fake.url}, no API key)`);
    expect(out).toContain('### Development set (dev');
    expect(out).toMatch(/\| purpose \| \d\.\d{3} \| \d\.\d{3} \| \d\.\d{3} \|/);
    expect(out).toMatch(/Joint accuracy: \*\*[\d.]+ ?%\*\*/);
    expect(out).toContain('Questions recorded as needs');

    const report = JSON.parse(readFileSync(join(outDir, 'agent-eval.json'), 'utf8')) as {
      provider: string;
      model: { model: string; baseUrl: string; apiKey: boolean };
      sets: { set: string; conversations: number; turns: number; fields: Record<string, { tp: number }> }[];
    };
    const dev = JSON.parse(readFileSync(DEV_SET, 'utf8')) as { id: string; turns: string[] }[];
    const chosen = dev.filter((c) => ONLY.includes(c.id));
    expect(report.provider).toBe('openai');
    expect(report.model).toEqual({ model: 'eval-stand-in', baseUrl: fake.url, apiKey: false });
    expect(report.sets.map((s) => [s.set, s.conversations, s.turns])).toEqual([['dev', 2, chosen.reduce((n, c) => n + c.turns.length, 0)]]);
    // What the model recorded through its tool call reached the lead's profile and was scored.
    expect(report.sets[0].fields.purpose.tp).toBeGreaterThanOrEqual(1);

    // Every lead turn went to the server, for the configured model, with no real key.
    const userTexts = new Set(fake.requests.flatMap((r) => r.messages.filter((m) => m.role === 'user').map((m) => m.content)));
    for (const c of chosen) for (const t of c.turns) expect(userTexts).toContain(t);
    expect(new Set(fake.requests.map((r) => r.model))).toEqual(new Set(['eval-stand-in']));
    expect(new Set(fake.authorizations)).toEqual(new Set(['Bearer no-key']));
  }, 240_000);
});
