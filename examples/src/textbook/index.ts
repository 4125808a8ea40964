/**
 * The textbook walkthrough (issue #6): the chain rule, the three kinds of derivative, forward against
 * reverse accumulation, and the PyTorch examples, each printing what it computes.
 */
import { accumulationSection } from './accumulation.js';
import { chainRuleSection } from './chain-rule.js';
import type { Write } from './format.js';
import { pytorchSection } from './pytorch.js';
import { threeKindsSection } from './three-kinds.js';

/** Runs every section of the walkthrough, writing its lines to `write`. */
export function runTextbook(write: Write): void {
  write('dualtape: the textbook walkthrough');
  write('');
  chainRuleSection(write);
  write('');
  threeKindsSection(write);
  write('');
  accumulationSection(write);
  write('');
  pytorchSection(write);
}
