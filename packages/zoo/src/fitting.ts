/**
 * Zoo functions that fit fixed data: linear least squares and a small neural network's loss. The data
 * come from a seeded generator, so every run and every machine sees the same problem at a given size.
 */
import { add, mul, type Scalar, type ScalarFunction, seededUniform, square, sub, tanh } from '@dualtape/core';
import { scalarEntry, uniformBox } from './define.js';
import type { ZooEntry } from './types.js';

/** Rows of the least-squares matrix per unknown: an overdetermined system, as in practice. */
export const LEAST_SQUARES_ROWS_PER_INPUT = 2;

const LEAST_SQUARES_SEED = 0x15a7;

/**
 * ‖X·w − y‖² for a fixed 2N × N matrix X and right-hand side y (seeded uniform in [-1, 1)); the inputs
 * are w. Gradient 2·Xᵀ(X·w − y). Holds 2N² numbers of data.
 */
export const LEAST_SQUARES: ZooEntry = scalarEntry({
  name: 'least-squares',
  description: `||X w - y||^2 with a fixed seeded ${LEAST_SQUARES_ROWS_PER_INPUT}N x N matrix X and vector y; inputs w`,
  defaultSize: 10,
  minSize: 1,
  inputSize: (n) => n,
  build: (n) => {
    const rows = LEAST_SQUARES_ROWS_PER_INPUT * n;
    // Seeds depend on n so that each size is its own problem, the same one every time.
    const matrix = seededUniform(LEAST_SQUARES_SEED + 2 * n, rows * n, -1, 1);
    const target = seededUniform(LEAST_SQUARES_SEED + 2 * n + 1, rows, -1, 1);
    const residuals = (w: Float64Array, out: Float64Array): number => {
      let total = 0;
      for (let r = 0; r < rows; r++) {
        let prediction = 0;
        for (let j = 0; j < n; j++) prediction = prediction + matrix[r * n + j]! * w[j]!;
        const residual = prediction - target[r]!;
        out[r] = residual;
        total = total + residual * residual;
      }
      return total;
    };
    return {
      f: (<T extends Scalar>(w: readonly T[]): T => {
        let total: T | number = 0;
        for (let r = 0; r < rows; r++) {
          let prediction: T | number = 0;
          for (let j = 0; j < n; j++) prediction = add(prediction, mul(matrix[r * n + j]!, w[j]!));
          total = add(total, square(sub(prediction, target[r]!)));
        }
        return total as T;
      }) as ScalarFunction,
      plain: (w) => residuals(w, new Float64Array(rows)),
      analyticGradient: (w, gradient) => {
        const residual = new Float64Array(rows);
        const value = residuals(w, residual);
        gradient.fill(0);
        for (let r = 0; r < rows; r++) {
          const scale = 2 * residual[r]!;
          for (let j = 0; j < n; j++) gradient[j]! += scale * matrix[r * n + j]!;
        }
        return value;
      },
      scope: { rows, n, matrix, target },
      sample: uniformBox(n, -1, 1),
    };
  },
});

/** Features per sample of the MLP's data set. */
export const MLP_FEATURES = 3;
/** Samples in the MLP's data set. */
export const MLP_SAMPLES = 16;

const MLP_SEED = 0x3a1f;

/**
 * Mean squared error of a one-hidden-layer tanh network on a fixed seeded data set (16 samples of 3
 * features, targets in [-1, 1)), as a function of all its weights. Size = hidden width H. Inputs, in
 * order: the H×3 first-layer weights (row-major), H hidden biases, H output weights, the output bias.
 */
export const MLP_LOSS: ZooEntry = scalarEntry({
  name: 'mlp-loss',
  description: `mean squared loss of a tanh MLP (${MLP_FEATURES} -> size -> 1) on ${MLP_SAMPLES} seeded samples, as a function of its weights`,
  defaultSize: 8,
  minSize: 1,
  inputSize: (hidden) => hidden * (MLP_FEATURES + 2) + 1,
  build: (hidden) => {
    const features = seededUniform(MLP_SEED, MLP_SAMPLES * MLP_FEATURES, -1, 1);
    const targets = seededUniform(MLP_SEED + 1, MLP_SAMPLES, -1, 1);
    const inverseSamples = 1 / MLP_SAMPLES;
    // Offsets of each parameter group in the input vector.
    const hiddenBias = hidden * MLP_FEATURES;
    const outputWeight = hiddenBias + hidden;
    const outputBias = outputWeight + hidden;

    /** The network's output for sample p; stores the hidden activations in `activations`. */
    const forward = (w: Float64Array, p: number, activations: Float64Array): number => {
      let output = 0;
      for (let h = 0; h < hidden; h++) {
        let preActivation = w[hiddenBias + h]!;
        for (let d = 0; d < MLP_FEATURES; d++) {
          preActivation = preActivation + w[h * MLP_FEATURES + d]! * features[p * MLP_FEATURES + d]!;
        }
        activations[h] = Math.tanh(preActivation);
        output = output + w[outputWeight + h]! * activations[h]!;
      }
      return output + w[outputBias]!;
    };

    return {
      f: (<T extends Scalar>(w: readonly T[]): T => {
        let loss: T | number = 0;
        for (let p = 0; p < MLP_SAMPLES; p++) {
          let output: T | number = 0;
          for (let h = 0; h < hidden; h++) {
            let preActivation: T = w[hiddenBias + h]!;
            for (let d = 0; d < MLP_FEATURES; d++) {
              preActivation = add(
                preActivation,
                mul(w[h * MLP_FEATURES + d]!, features[p * MLP_FEATURES + d]!),
              );
            }
            output = add(output, mul(w[outputWeight + h]!, tanh(preActivation)));
          }
          output = add(output, w[outputBias]!);
          loss = add(loss, square(sub(output, targets[p]!)));
        }
        return mul(loss, inverseSamples) as T;
      }) as ScalarFunction,
      plain: (w) => {
        const activations = new Float64Array(hidden);
        let loss = 0;
        for (let p = 0; p < MLP_SAMPLES; p++) {
          const error = forward(w, p, activations) - targets[p]!;
          loss = loss + error * error;
        }
        return loss * inverseSamples;
      },
      analyticGradient: (w, gradient) => {
        const activations = new Float64Array(hidden);
        gradient.fill(0);
        let loss = 0;
        for (let p = 0; p < MLP_SAMPLES; p++) {
          const error = forward(w, p, activations) - targets[p]!;
          loss = loss + error * error;
          const outputSeed = 2 * error * inverseSamples;
          gradient[outputBias]! += outputSeed;
          for (let h = 0; h < hidden; h++) {
            gradient[outputWeight + h]! += outputSeed * activations[h]!;
            const activation = activations[h]!;
            const preSeed = outputSeed * w[outputWeight + h]! * (1 - activation * activation);
            gradient[hiddenBias + h]! += preSeed;
            for (let d = 0; d < MLP_FEATURES; d++) {
              gradient[h * MLP_FEATURES + d]! += preSeed * features[p * MLP_FEATURES + d]!;
            }
          }
        }
        return loss * inverseSamples;
      },
      scope: {
        MLP_SAMPLES,
        MLP_FEATURES,
        hidden,
        hiddenBias,
        outputWeight,
        outputBias,
        features,
        targets,
        inverseSamples,
      },
      sample: uniformBox(hidden * (MLP_FEATURES + 2) + 1, -1, 1),
    };
  },
});
