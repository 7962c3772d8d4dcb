import { AppConfig } from '../core/config/app-config';
import { validateEnv } from '../core/config/env';
import { llmProviderFor, pricesFor } from './agent.module';
import { LocalRulesProvider } from './local/local-provider';
import { OpenAiProvider } from './openai/openai-provider';

const configWith = (env: Record<string, string>) => new AppConfig({ env: validateEnv({ DATABASE_URL: 'postgres://x@127.0.0.1/x', ...env }), databaseUrl: 'postgres://x@127.0.0.1/x', jwtSecret: '' });

describe('choosing the language model from the environment', () => {
  it('uses a server of one\'s own at OPENAI_BASE_URL with no API key (llama.cpp, Ollama)', () => {
    expect(llmProviderFor(configWith({ AGENT_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }))).toBeInstanceOf(OpenAiProvider);
  });

  it('refuses AGENT_PROVIDER=openai with neither a key nor a server, naming both variables', () => {
    expect(() => llmProviderFor(configWith({ AGENT_PROVIDER: 'openai' }))).toThrow(/OPENAI_API_KEY.*OPENAI_BASE_URL/);
  });

  it('keeps the local rules by default, and OpenAI when only a key is set', () => {
    expect(llmProviderFor(configWith({}))).toBeInstanceOf(LocalRulesProvider);
    expect(llmProviderFor(configWith({ OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1' }))).toBeInstanceOf(LocalRulesProvider);
    expect(llmProviderFor(configWith({ OPENAI_API_KEY: 'sk-test' }))).toBeInstanceOf(OpenAiProvider);
    expect(pricesFor(configWith({ AGENT_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1', OPENAI_PRICES: '0,0,0' }))).toEqual({ input: 0, cachedInput: 0, output: 0 });
  });
});
