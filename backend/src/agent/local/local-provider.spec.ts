import { describeLlmProviderContract } from '../llm-provider.contract';
import { LocalRulesProvider } from './local-provider';

describeLlmProviderContract('LocalRulesProvider', () => Promise.resolve({ provider: new LocalRulesProvider() }));
