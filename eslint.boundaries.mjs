import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The backend's module boundaries (docs/ARCHITECTURE.md, "Module map"). Shared by eslint.config.mjs
 * and backend/test/boundaries.spec.ts, which checks that the rule bites.
 */

/** Every feature folder under backend/src, including the ones this round adds. */
export const FEATURES = [
  'access',
  'agent',
  'analytics',
  'audit',
  'compliance',
  'dedup',
  'embedding',
  'imports',
  'integrations',
  'inventory',
  'leads',
  'matching',
  'messaging',
  'notifications',
  'pipeline',
  'scoring',
  'seed',
  'sla',
  'users',
  'viewings',
  'views',
  'webhooks',
  'words',
];

/**
 * What other features may import from a feature: its Nest module, services, DTOs, entities and
 * enums (the vocabulary its DTOs and entities speak), and the audit-log actions it writes
 * (`*.audit.ts`, which the audit log lists for its filters). Everything else (repositories, query
 * builders, processors, helpers, sub-folders) is the feature's own.
 */
export const PUBLIC_FILES = ['*.module.ts', '*.service.ts', '*.dto.ts', '*.entity.ts', '*.enums.ts', '*.audit.ts'];

/**
 * Files public beyond the pattern above, each for a stated reason: a port other features
 * implement or call, or a pure rule several features must apply identically.
 */
export const ALSO_PUBLIC = {
  // The rule "who may see and change a lead" is the whole point of this module.
  access: ['lead-access.ts'],
  // Reading what a person wrote (budgets, rooms, places, timelines): webhooks read form answers
  // with the assistant's own understanding, so both agree. A candidate for a module of its own.
  // ...and the turn's event contract (SSE frames), which the website chat widget streams as is.
  agent: ['local/understanding.ts', 'events.ts'],
  // The fair-housing screen: a pure rule every message and tool argument goes through, wherever
  // it is written (the assistant's turn, and any other feature that sends words to a lead).
  compliance: ['fair-housing.ts'],
  // Ports: the embedding provider and the vector store, with their filter types; and IndexedUnits,
  // which inventory implements (the one writer of units keeps their embedding version).
  embedding: ['embedding-provider.ts', 'vector-store.ts', 'indexed-units.ts'],
  // The places a unit answers to (city, area, zip) and their SQL form: scoring's location fit and
  // the seed's demo leads must name places exactly as search and matching do (vec: one home).
  inventory: ['unit-place-names.ts'],
  // How contact keys are normalised: the seed and the assistant must match contacts the same way.
  // ...and the LeadScoring port, which scoring implements (scoring depends on leads, not back).
  // ...and "needs reply", one definition the inbox, the board and the SLA timers' first-response clock share.
  // ...and LeadMergeParticipant, which every feature owning rows of a lead implements (dedup calls it on a merge).
  // ...and the StageClock port, which sla implements (a stage move writes the lead's SLA clock in its transaction).
  leads: ['contact-normalizers.ts', 'lead-scoring.ts', 'duplicate-auto-merger.ts', 'needs-reply.ts', 'lead-merge-participant.ts', 'stage-clock.ts'],
  // The pure score function and its versioned weights (the seed scores generated leads).
  scoring: ['score.ts', 'weights.ts'],
  // Opening hours for viewings: the assistant offers the slots the booking accepts.
  // ...and a lead's next booked viewing as a SQL fragment, which the assistant joins into its
  // one-statement read of a turn's start (the rule stays with viewings; the repository stays private).
  viewings: ['availability.ts', 'next-viewing.ts'],
  // The broker's words (money, budgets, home types, match reasons): one wording for the API, the
  // assistant and the SPA, so it is a pure module every feature may use.
  // ...and the kinds of home, which units are and buyers wish for (inventory and leads share them).
  words: ['broker-words.ts', 'home-types.ts'],
};

/**
 * Features that must not import each other at all, not even public files: each import would close a
 * cycle in the module graph (issue 20). `[from, to, why]`; the dependency that stays points the other way.
 */
export const FORBIDDEN = [
  ['leads', 'scoring', 'scoring reads and scores leads; leads reach it through the LeadScoring port (leads/lead-scoring.ts)'],
  ['leads', 'inventory', 'matching joins leads and inventory; the kinds of home are in words/home-types.ts'],
  ['inventory', 'leads', 'matching joins leads and inventory; neither imports the other'],
  ['inventory', 'agent', 'the assistant uses inventory; reading typed search text is the assistant\'s (agent/search-text.ts)'],
  ['embedding', 'inventory', 'inventory ranks by meaning through embedding; a vector row names its unit without importing it'],
];

const featureNames = `{${FEATURES.join(',')}}`;
const publicPolicies = Object.entries(ALSO_PUBLIC).map(([name, files]) => ({
  allow: { to: { element: { type: 'feature', captured: { name }, fileInternalPath: files } } },
}));

export const boundariesConfig = {
  files: ['backend/src/**/*.ts'],
  // Tests may reach any file to set up what they check.
  ignores: ['backend/src/**/*.spec.ts', 'backend/src/**/*.e2e-spec.ts', 'backend/src/**/*.medium-spec.ts'],
  plugins: { boundaries },
  languageOptions: { parser: tseslint.parser },
  settings: {
    'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    'boundaries/elements': [
      { type: 'core', pattern: 'backend/src/core' },
      { type: 'feature', pattern: `backend/src/${featureNames}`, capture: ['name'] },
      { type: 'bin', pattern: 'backend/src/bin' },
      // The composition root (app/worker modules, entry points, bootstrap): what the patterns above leave.
      { type: 'app', pattern: 'backend/src' },
    ],
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'allow',
        // The last policy that matches an import decides.
        policies: [
          {
            // The composition root (app, bin) wires processors and scripts, so it is not limited.
            from: { element: { type: 'feature' } },
            disallow: { to: { element: { type: 'feature' } } },
            message: "Import only another feature's public files (*.module.ts, *.service.ts, *.dto.ts, *.entity.ts, *.enums.ts; see docs/ARCHITECTURE.md)",
          },
          { allow: { to: { element: { type: 'feature', fileInternalPath: PUBLIC_FILES } } } },
          ...publicPolicies,
          ...FORBIDDEN.map(([from, to, why]) => ({
            from: { element: { type: 'feature', captured: { name: from } } },
            disallow: { to: { element: { type: 'feature', captured: { name: to } } } },
            message: `${from}/ must not import ${to}/ (a cycle): ${why}`,
          })),
          // Last, so no allowance above applies to core.
          {
            from: { element: { type: 'core' } },
            disallow: { to: { element: { types: ['feature', 'app', 'bin'] } } },
            message: 'core/ imports no feature: offer a port in core and let the feature implement it (docs/ARCHITECTURE.md)',
          },
        ],
      },
    ],
  },
};
