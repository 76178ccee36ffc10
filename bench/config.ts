// Sizes of each figure. Full mode is what BENCHMARKS.md reports; quick mode only proves the bench
// code runs (CI), in well under a minute.

export interface BenchSettings {
  perCallWarmup: number;
  perCallRounds: number;
  perCallCallsPerRound: number;
  coldImportWarmup: number;
  coldImportRuns: number;
  goodputOperations: number;
  goodputConcurrency: number;
  goodputRatePerSecond: number;
  pagingUsers: number;
  pagingPageSize: number;
  pagingSampleEvery: number;
  /** The whole run fails if it takes longer than this. */
  timeLimitMs: number;
}

export const FULL: BenchSettings = {
  perCallWarmup: 500,
  perCallRounds: 400,
  perCallCallsPerRound: 10,
  coldImportWarmup: 2,
  coldImportRuns: 20,
  goodputOperations: 1000,
  goodputConcurrency: 20,
  goodputRatePerSecond: 50,
  pagingUsers: 100_000,
  pagingPageSize: 100,
  pagingSampleEvery: 1000,
  timeLimitMs: 15 * 60_000,
};

export const QUICK: BenchSettings = {
  perCallWarmup: 20,
  perCallRounds: 2,
  perCallCallsPerRound: 25,
  coldImportWarmup: 1,
  coldImportRuns: 3,
  goodputOperations: 100,
  goodputConcurrency: 10,
  goodputRatePerSecond: 50,
  pagingUsers: 5_000,
  pagingPageSize: 100,
  pagingSampleEvery: 500,
  timeLimitMs: 3 * 60_000,
};
