import { Pipe, PipeTransform } from '@angular/core';
import {
  ACTIVITY_LABELS,
  CHANNEL_LABELS,
  CONVERSATION_MODE_LABELS,
  DELIVERY_LABELS,
  FIELD_LABELS,
  FINANCING_LABELS,
  HOME_TYPE_LABELS,
  labelFor,
  OUTCOME_LABELS,
  PURPOSE_LABELS,
  QUALIFICATION_LABELS,
  ROLE_LABELS,
  SCORE_FACTOR_LABELS,
  SCORE_SOURCE_LABELS,
  SOURCE_LABELS,
  STAGE_LABELS,
  STAGE_RULE_LABELS,
  TASK_TYPE_LABELS,
  TIMELINE_LABELS,
  TOOL_LABELS,
  UNIT_STATUS_LABELS,
} from '@words/broker-words';

/** The label tables a template may name; all of them live in words/broker-words.ts. */
const TABLES = {
  activity: ACTIVITY_LABELS,
  channel: CHANNEL_LABELS,
  conversationMode: CONVERSATION_MODE_LABELS,
  delivery: DELIVERY_LABELS,
  factor: SCORE_FACTOR_LABELS,
  field: FIELD_LABELS,
  financing: FINANCING_LABELS,
  homeType: HOME_TYPE_LABELS,
  outcome: OUTCOME_LABELS,
  purpose: PURPOSE_LABELS,
  qualification: QUALIFICATION_LABELS,
  role: ROLE_LABELS,
  scoreSource: SCORE_SOURCE_LABELS,
  source: SOURCE_LABELS,
  stage: STAGE_LABELS,
  stageRule: STAGE_RULE_LABELS,
  taskType: TASK_TYPE_LABELS,
  timeline: TIMELINE_LABELS,
  tool: TOOL_LABELS,
  unitStatus: UNIT_STATUS_LABELS,
} as const;
export type LabelTable = keyof typeof TABLES;

/** `{{ lead.stage | label: 'stage' }}`: a code from the API in a broker's words. */
@Pipe({ name: 'label' })
export class LabelPipe implements PipeTransform {
  transform(code: string | null | undefined, table: LabelTable): string {
    return labelFor(TABLES[table], code);
  }
}
