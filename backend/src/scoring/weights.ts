/**
 * Score weights, versioned. Changing any number here means a new version string: every stored
 * qualification records the version that produced it, so old scores stay explainable.
 */
export interface ScoreWeights {
  version: string;
  /** Points each factor can give at most; they add up to 100. */
  max: {
    purpose: number;
    budget: number;
    location: number;
    requirements: number;
    timeline: number;
    financing: number;
    engagement: number;
    inventoryFit: number;
  };
  /** Score at or above which an automatic score marks the lead qualified. */
  qualifiedAt: number;
}

export const WEIGHTS_V1: ScoreWeights = {
  version: 'v1-2026-11',
  max: {
    purpose: 10,
    budget: 20,
    location: 10,
    requirements: 10,
    timeline: 15,
    financing: 10,
    engagement: 15,
    inventoryFit: 10,
  },
  qualifiedAt: 60,
};

export const CURRENT_WEIGHTS = WEIGHTS_V1;
