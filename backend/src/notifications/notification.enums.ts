/**
 * What a notification is about. SLA warnings and breaches (issue 16 point 3) have their kinds
 * already, so the SLA timers only need to insert rows; each kind can be turned off per person.
 */
export enum NotificationKind {
  /** A lead was handed to me (by a person, by routing, or on creation). */
  LeadAssigned = 'lead_assigned',
  /** A lead I own wrote to us. */
  NewMessage = 'new_message',
  /** Someone mentioned me in a note ("@Maria Lopez", "@maria"). */
  Mentioned = 'mentioned',
  /** A lead of mine is about to miss an SLA time limit (a reply, or moving on from its stage). */
  SlaWarning = 'sla_warning',
  /** A lead of mine missed an SLA time limit (also sent to the team lead when the rule escalates so). */
  SlaBreached = 'sla_breached',
  /** Admins: routing left a new lead with no agent (no rule takes it, or its rule's agents are inactive or full); it waits in the pond. */
  RoutingNoAgent = 'routing_no_agent',
}

/** The PostgreSQL channel a new notification is announced on (by the insert trigger, at commit). */
export const NOTIFICATIONS_CHANNEL = 'notification_created';
