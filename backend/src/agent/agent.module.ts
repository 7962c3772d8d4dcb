import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../core/config/app-config';
import { InventoryModule } from '../inventory/inventory.module';
import { InventoryService } from '../inventory/inventory.service';
import { MatchingModule } from '../matching/matching.module';
import { MatchingService } from '../matching/matching.service';
import { LeadsModule } from '../leads/leads.module';
import { LeadRecordsModule } from '../leads/lead-records.module';
import { ScoringModule } from '../scoring/scoring.module';
import { ViewingsModule } from '../viewings/viewings.module';
import { ViewingsService } from '../viewings/viewings.service';
import { AgentController } from './agent.controller';
import { SearchTextController } from './search-text.controller';
import { SearchTextService } from './search-text.service';
import { ConversationFeed } from './conversation-feed';
import { ConversationReadEntity } from './conversation-read.entity';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { AgentRepository } from './agent.repository';
import { LLM_PROVIDER, LlmProvider } from './llm-provider';
import { MessageEntity } from './message.entity';
import { SessionEntity } from './session.entity';
import { LocalRulesProvider } from './local/local-provider';
import { OpenAiProvider } from './openai/openai-provider';
import { FREE, TokenPrices } from './pricing';
import { ToolRunner } from './tools/tool-runner';
import { agentTools } from './tools/tool-specs';
import { ChannelRepliesService } from './channel-replies.service';
import { AgentSessionsService } from './sessions.service';
import { AGENT_PRICES, AGENT_TOOL_RUNNER, TurnDialogue } from './turn-dialogue';
import { AgentTurnService } from './turn.service';
import { TurnMetrics } from './turn-metrics';
import { TurnWriter } from './turn-writer';

const usesOpenAi = (config: AppConfig) => (config.env.AGENT_PROVIDER ?? (config.env.OPENAI_API_KEY ? 'openai' : 'local')) === 'openai';

/**
 * Sent as the bearer token to an OpenAI-compatible server at OPENAI_BASE_URL when no OPENAI_API_KEY
 * is set: local servers (llama.cpp's llama-server, Ollama, vLLM) need none and ignore it, but the
 * `openai` client refuses to start without some key.
 */
export const NO_API_KEY = 'no-key';

/** The language model from the environment: an OpenAI-compatible server when configured, local rules otherwise. */
export function llmProviderFor(config: AppConfig): LlmProvider {
  const env = config.env;
  if (!usesOpenAi(config)) return new LocalRulesProvider();
  // api.openai.com needs a key; a server of one's own at OPENAI_BASE_URL usually does not.
  if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) throw new Error('AGENT_PROVIDER=openai needs OPENAI_API_KEY (for api.openai.com) or OPENAI_BASE_URL (a local OpenAI-compatible server, no key needed)');
  return new OpenAiProvider({ apiKey: env.OPENAI_API_KEY || NO_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL, timeoutMs: env.AGENT_TURN_TIMEOUT_MS });
}

export function pricesFor(config: AppConfig): TokenPrices {
  if (!usesOpenAi(config)) return FREE;
  const [input, cachedInput, output] = config.env.OPENAI_PRICES.split(',').map(Number);
  return { input, cachedInput, output };
}

/** The same tools for every provider. */
export const toolRunnerFor = (matching: MatchingService, inventory: InventoryService, viewings: ViewingsService, agents: AgentRepository) =>
  new ToolRunner(agentTools(matching, inventory, viewings, agents), (tool, err) => toolLog.error({ err, tool }, 'agent tool failed'));

const toolLog = new Logger('AgentTools');

@Module({
  imports: [TypeOrmModule.forFeature([SessionEntity, MessageEntity, ConversationReadEntity]), LeadsModule, LeadRecordsModule, ScoringModule, InventoryModule, MatchingModule, ViewingsModule],
  controllers: [AgentController, ConversationsController, SearchTextController],
  providers: [
    SearchTextService,
    AgentSessionsService,
    AgentTurnService,
    TurnDialogue,
    ChannelRepliesService,
    TurnMetrics,
    TurnWriter,
    AgentRepository,
    ConversationsService,
    ConversationsRepository,
    ConversationFeed,
    { provide: LLM_PROVIDER, inject: [AppConfig], useFactory: llmProviderFor },
    { provide: AGENT_PRICES, inject: [AppConfig], useFactory: pricesFor },
    { provide: AGENT_TOOL_RUNNER, inject: [MatchingService, InventoryService, ViewingsService, AgentRepository], useFactory: toolRunnerFor },
  ],
  exports: [AgentSessionsService, AgentTurnService, ChannelRepliesService],
})
export class AgentModule {}
