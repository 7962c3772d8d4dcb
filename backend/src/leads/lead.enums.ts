export enum LeadStage {
  New = 'new',
  Contacted = 'contacted',
  Qualified = 'qualified',
  Viewing = 'viewing',
  Offer = 'offer',
  Won = 'won',
  Lost = 'lost',
}

export enum LeadSource {
  Web = 'web',
  MetaLeadAds = 'meta_lead_ads',
  WhatsApp = 'whatsapp',
  Portal = 'portal',
  Referral = 'referral',
  Phone = 'phone',
  WalkIn = 'walk_in',
  Import = 'import',
  /** An admin-defined inbound source (portal, Zapier, landing page) through a signed webhook. */
  Partner = 'partner',
  /** A visitor who chatted with the assistant in the website's chat widget. */
  Widget = 'widget',
  /** Someone who wrote to the brokerage by email (the inbound-mail webhook). */
  Email = 'email',
}

/** Where the current score on a lead comes from. */
export enum ScoreSource {
  Auto = 'auto',
  Manual = 'manual',
}

export enum QualificationStatus {
  Unqualified = 'unqualified',
  Qualified = 'qualified',
  Disqualified = 'disqualified',
}

export enum Purpose {
  Buy = 'buy',
  Rent = 'rent',
  /** A homeowner who wants to sell: the profile describes the home they sell and when. */
  Sell = 'sell',
}

export enum Timeline {
  Asap = 'asap',
  Within3Months = '1-3_months',
  Within6Months = '3-6_months',
  Within12Months = '6-12_months',
  Later = 'later',
}

export enum Financing {
  Cash = 'cash',
  PreApproved = 'pre_approved',
  MortgageNeeded = 'mortgage_needed',
  Unknown = 'unknown',
}

/** What kind of work a task is. */
export enum TaskType {
  Call = 'call',
  Email = 'email',
  ViewingPrep = 'viewing_prep',
  FollowUp = 'follow_up',
}

/** How a contact prefers to be reached. */
export const CONTACT_CHANNELS = ['phone', 'sms', 'whatsapp', 'email'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** What came of a call, an SMS or a visit logged by hand. */
export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'voicemail', 'wrong_number', 'interested', 'not_interested', 'follow_up'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export enum ActivityType {
  LeadCreated = 'lead_created',
  LeadUpdated = 'lead_updated',
  Message = 'message',
  Note = 'note',
  StageChanged = 'stage_changed',
  Assigned = 'assigned',
  ScoreChanged = 'score_changed',
  Qualified = 'qualified',
  ProfileUpdated = 'profile_updated',
  TaskCreated = 'task_created',
  TaskCompleted = 'task_completed',
  Viewing = 'viewing',
  Webhook = 'webhook',
  Merged = 'merged',
  /** The AI called a tool (its arguments and result are in data). */
  AgentTool = 'agent_tool',
  /** The lead asked not to be contacted again. */
  OptedOut = 'opted_out',
  /** A person took a conversation over from the AI, or gave it back. */
  Handover = 'handover',
  /** The send-policy gate allowed, held or refused an outbound message (rule and inputs in data). */
  SendDecision = 'send_decision',
  /** An outbound message could not be delivered (the channel's error in data). */
  DeliveryFailed = 'delivery_failed',
  /** An SLA timer ran out: data {rule, stage, dueAt, breachedAt, escalation} (analytics counts these). */
  SlaBreached = 'sla_breached',
}

/** What a lead's SLA clock waits for: an answer to the lead's last message, or the lead moving on from its stage. */
export type SlaClockKind = 'reply' | 'stage';

/**
 * The PostgreSQL channel every stage move notifies on (in the move's transaction, so it is sent
 * when the move commits): open pipeline boards in every API process hear it.
 */
export const PIPELINE_CHANNEL = 'pipeline_changed';
