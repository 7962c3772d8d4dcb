/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/backend'],
  testRegex: '.*\\.(spec|e2e-spec|medium-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  globalSetup: '<rootDir>/backend/test/global-setup.ts',
  globalTeardown: '<rootDir>/backend/test/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
