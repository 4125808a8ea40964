/**
 * @dualtape/bench — complexity benchmarks for dualtape: tinybench-measured sweeps of every mode as the
 * problem grows, least-squares growth exponents with confidence intervals next to the textbook's, memory
 * measured in a fresh process per point, peer comparisons (TensorFlow.js, jax-js), ADBench's GMM objective
 * in plain JavaScript, and reports as terminal
 * tables and plots, JSON and a self-contained HTML page. `runBenchCommand` is what `dualtape bench` runs.
 */

export { type CallSpec, type CallTemplate, prepareCall } from './calls/registry.js';
export { type BenchIo, runBenchCommand } from './command.js';
export {
  CONFIDENCE_LEVEL,
  EXPERIMENT_NAMES,
  EXPONENT_TOLERANCE,
  type ExperimentName,
  FULL_PROFILE,
  type Profile,
  QUICK_PROFILE,
} from './defaults.js';
export { type ExponentFit, type FitOptions, fitPowerLaw } from './engine/fit.js';
export { measureMemoryInChild, type RunJobOptions, runJob } from './engine/isolation.js';
export {
  type CallOutcome,
  type CallsJob,
  type ColdJob,
  type ColdOutcome,
  type Job,
  type JobResult,
  type MemoryPointJob,
  runJobHere,
  type SweepJob,
  type TimeBudget,
  type TimedPoint,
} from './engine/jobs.js';
export { type MeasureOptions, measure, type Timing } from './engine/measure.js';
export type { MemoryJob, MemoryMeasurement } from './engine/memory.js';
export {
  type PointOutcome,
  predictCallMs,
  runSweep,
  type SweepOptions,
  type SweepPoint,
  type SweepProgress,
  type SweepSeries,
} from './engine/sweep.js';
export type { GmmMode } from './experiments/peers/calls.js';
export { ADBENCH_GMM, type GmmInstance, type GmmSizes, gmm } from './experiments/peers/gmm.js';
export { describeMachine, type MachineInfo } from './machine.js';
export { BENCH_MODES, type BenchMode, type ModeId } from './modes.js';
export { chartSpec } from './report/chart-spec.js';
export { renderChartSvg, renderHtmlReport, writeHtmlReport } from './report/html.js';
export { type BenchReport, REPORT_SCHEMA, reportToJson, writeJsonReport } from './report/json.js';
export { type PlotOptions, renderPlot } from './report/plot.js';
export type {
  Chart,
  DataPoint,
  ExperimentResult,
  FitRow,
  Measurement,
  RatioRow,
  RatioTarget,
  Series,
  TableData,
  Unit,
} from './results.js';
export { parseBenchArguments, parseSizes, type Settings, USAGE } from './settings.js';
export {
  type Bound,
  type Growth,
  judgeExponent,
  LINEAR_GROWTH,
  type Metric,
  predictedExponent,
  predictionBound,
  type Verdict,
} from './theory.js';
