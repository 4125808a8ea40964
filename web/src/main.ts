/**
 * The page: an expression (or a zoo function) and its point, the computational graph laid out by dagre,
 * forward and reverse accumulation step by step with every product written out, the pass counts of the
 * zoo as N changes, and a benchmark run's charts. Everything runs from the built files: no request leaves
 * the page.
 */
import { ParseError, seededRandom } from '@dualtape/core';
import { ZOO } from '@dualtape/zoo';
import {
  type ComputationalGraph,
  computationalGraph,
  gradient,
  type ParsedExpression,
  parse,
} from 'dualtape';
import { parseBenchReport, showBenchReport } from './charts.js';
import { factor, formatNumber } from './format.js';
import { drawGraph, type GraphView } from './graph-view.js';
import { layoutGraph } from './layout.js';
import { passCounts } from './passes.js';
import sampleReport from './sample-bench.json?raw';
import { type GraphSweeps, graphSweeps, nodeName } from './sweeps.js';
import { inputName, zooExpression } from './trace.js';

/** Graphs with more nodes than this are not drawn (the layout would take seconds). */
const MAX_DRAWN_NODES = 2500;
/** The largest size the pass counts are computed for as the user types (each count runs the mode). */
const MAX_PASS_COUNT_INPUTS = 5000;
/** The smallest scale a graph is shrunk to so that it fits the panel's width. */
const MIN_GRAPH_SCALE = 0.5;

/** The textbook's example (Baydin et al., Automatic differentiation in machine learning: a survey). */
const DEFAULT_EXPRESSION = 'log(x1) + x1*x2 - sin(x2)';
const DEFAULT_POINT: Readonly<Record<string, number>> = { x1: 2, x2: 5 };

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as T;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (text !== undefined) created.textContent = text;
  if (className !== undefined) created.className = className;
  return created;
}

/** A cell showing a number: rounded on screen, exact in `data-value`. */
function numberCell(value: number | undefined, className: string): HTMLTableCellElement {
  const cell = element('td', value === undefined ? '—' : formatNumber(value), className);
  if (value !== undefined) cell.dataset.value = String(value);
  return cell;
}

const expressionInput = byId<HTMLInputElement>('expression');
const expressionError = byId<HTMLDivElement>('expression-error');
const pointFields = byId<HTMLDivElement>('point');
const graphContainer = byId<HTMLDivElement>('graph');
const renderTime = byId<HTMLSpanElement>('render-time');
const directionSelect = byId<HTMLSelectElement>('direction');
const stepStatus = byId<HTMLParagraphElement>('step-status');
const equation = byId<HTMLPreElement>('equation');
const trace = byId<HTMLOListElement>('trace');
const gradientBody = byId<HTMLTableSectionElement>('gradient-body');
const chainRule = byId<HTMLParagraphElement>('chain-rule');

/** Everything the page knows about the graph on screen. */
interface Shown {
  readonly parsed: ParsedExpression;
  readonly point: Float64Array;
  readonly graph: ComputationalGraph;
  readonly sweeps: GraphSweeps;
  readonly view: GraphView;
  readonly libraryGradient: Float64Array;
  mode: 'forward' | 'reverse';
  direction: number;
  /** Steps done in the current forward pass (0..nodes). */
  forwardDone: number;
  /** Steps done in the reverse sweep (0..nodes). */
  reverseDone: number;
  /** ∂f/∂xᵢ from each forward pass that has run to its end. */
  readonly forwardGradient: (number | undefined)[];
  reverseComplete: boolean;
}

let shown: Shown | undefined;
const pointValues = new Map<string, number>(Object.entries(DEFAULT_POINT));

// ------------------------------------------------------------------------------------------------
// The expression and its point.

function showParseError(error: ParseError): void {
  expressionError.replaceChildren();
  const reason = element('div', `${error.reason} at position ${error.position}`, 'reason');
  const source = element('pre', undefined, 'caret');
  source.append(
    document.createTextNode(error.source.slice(0, error.position)),
    element('mark', error.source.slice(error.position, error.position + 1) || ' '),
    document.createTextNode(`${error.source.slice(error.position + 1)}\n${' '.repeat(error.position)}^`),
  );
  expressionError.append(reason, source);
  expressionError.hidden = false;
  expressionInput.setAttribute('aria-invalid', 'true');
}

function showError(message: string): void {
  expressionError.replaceChildren(element('div', message, 'reason'));
  expressionError.hidden = false;
  expressionInput.setAttribute('aria-invalid', 'true');
}

function clearError(): void {
  expressionError.hidden = true;
  expressionError.replaceChildren();
  expressionInput.removeAttribute('aria-invalid');
}

function pointFieldsFor(variables: readonly string[]): void {
  const current = [...pointFields.querySelectorAll<HTMLInputElement>('input')].map(
    (input) => input.dataset.variable,
  );
  if (current.length === variables.length && current.every((name, i) => name === variables[i])) return;
  pointFields.replaceChildren();
  for (const name of variables) {
    const label = element('label', `${name} = `);
    const input = element('input');
    input.type = 'number';
    input.step = 'any';
    input.dataset.variable = name;
    input.value = String(pointValues.get(name) ?? 1);
    input.addEventListener('input', () => {
      const value = Number(input.value);
      if (input.value.trim() !== '' && Number.isFinite(value)) {
        pointValues.set(name, value);
        input.removeAttribute('aria-invalid');
        redraw();
      } else input.setAttribute('aria-invalid', 'true');
    });
    label.append(input);
    pointFields.append(label);
  }
}

/** Parses the box, draws the graph at the point, and resets both sweeps. */
function redraw(): void {
  let parsed: ParsedExpression;
  try {
    parsed = parse(expressionInput.value);
  } catch (error) {
    if (error instanceof ParseError) showParseError(error);
    else showError((error as Error).message);
    return;
  }
  try {
    if (parsed.isVector) throw new Error('a vector expression has one graph per element: type one element');
    if (parsed.variables.length === 0)
      throw new Error('the expression has no variables: nothing to differentiate');
    pointFieldsFor(parsed.variables);
    const point = Float64Array.from(parsed.variables, (name) => pointValues.get(name) ?? 1);
    const started = performance.now();
    const graph = computationalGraph(parsed, point);
    if (graph.nodes.length > MAX_DRAWN_NODES) {
      throw new Error(`the graph has ${graph.nodes.length} nodes; the page draws at most ${MAX_DRAWN_NODES}`);
    }
    const sweeps = graphSweeps(graph, (direction) => computationalGraph(parsed, point, { wrt: direction }));
    const layoutStarted = performance.now();
    const layout = layoutGraph(graph, sweeps.edges);
    const layoutMs = performance.now() - layoutStarted;
    const view = drawGraph(graph, sweeps.edges, layout);
    graphContainer.replaceChildren(view.element);
    fitToWidth(view.element, layout.width, layout.height);
    clearError();
    shown = {
      parsed,
      point,
      graph,
      sweeps,
      view,
      libraryGradient: gradient(parsed.scalar, point),
      mode: shown?.mode ?? 'forward',
      direction: 0,
      forwardDone: 0,
      reverseDone: 0,
      forwardGradient: parsed.variables.map(() => undefined),
      reverseComplete: false,
    };
    directionSelect.replaceChildren(
      ...parsed.variables.map((name, index) => {
        const option = element('option', `ẋ = e${index + 1} (∂/∂${name})`);
        option.value = String(index);
        return option;
      }),
    );
    showStep();
    // Measured once the browser has laid the SVG out: a forced layout read ends the render.
    void graphContainer.getBoundingClientRect();
    const renderMs = performance.now() - started;
    renderTime.dataset.ms = String(renderMs);
    renderTime.dataset.nodes = String(graph.nodes.length);
    renderTime.textContent = `${graph.nodes.length} nodes, ${sweeps.edges.length} edges: built, laid out (dagre ${layoutMs.toFixed(0)} ms) and drawn in ${renderMs.toFixed(0)} ms`;
  } catch (error) {
    showError((error as Error).message);
  }
}

/**
 * Shrinks a wide graph to the panel's width while its text stays readable (at least half size); a graph
 * wider than that keeps its size and scrolls, and each step scrolls its node into view.
 */
function fitToWidth(drawing: SVGSVGElement, width: number, height: number): void {
  const scale = graphContainer.clientWidth / width;
  if (scale >= 1 || scale < MIN_GRAPH_SCALE) return;
  drawing.setAttribute('width', String(Math.floor(width * scale)));
  drawing.setAttribute('height', String(Math.floor(height * scale)));
}

// ------------------------------------------------------------------------------------------------
// The sweeps.

function setMode(mode: 'forward' | 'reverse'): void {
  if (shown === undefined) return;
  shown.mode = mode;
  showStep();
}

function stepBy(delta: number): void {
  if (shown === undefined) return;
  const total = shown.graph.nodes.length;
  if (shown.mode === 'forward') shown.forwardDone = Math.max(0, Math.min(total, shown.forwardDone + delta));
  else shown.reverseDone = Math.max(0, Math.min(total, shown.reverseDone + delta));
  showStep();
}

function forwardLine(state: Shown, id: number): string {
  const step = state.sweeps.forward(state.parsed.variables[state.direction]!)[id]!;
  const name = nodeName(id);
  if (step.kind === 'seed') {
    return `v̇${sub(id)} = ẋ(${state.graph.nodes[id]!.label}) = ${formatNumber(step.tangent)}   (seed: direction ${state.parsed.variables[state.direction]})`;
  }
  if (step.kind === 'constant') return `v̇${sub(id)} = 0   (${name} is a constant)`;
  const edges = step.terms.map((term) => state.sweeps.edges[term.edge]!);
  const symbolic = edges
    .map((edge) => `∂${nodeName(edge.to)}/∂${nodeName(edge.from)} · v̇${sub(edge.from)}`)
    .join(' + ');
  const numbers = step.terms
    .map((term) => `${factor(state.sweeps.edges[term.edge]!.partial)} · ${factor(term.carried)}`)
    .join(' + ');
  const rules = edges
    .map((edge) => `∂${nodeName(edge.to)}/∂${nodeName(edge.from)} = ${edge.formula}`)
    .join(';  ');
  return `v̇${sub(id)} = ${symbolic}\n    = ${numbers}\n    = ${formatNumber(step.tangent)}${step.agrees ? '' : `   ≠ library ${formatNumber(step.libraryTangent)}`}\n    where ${rules}`;
}

function reverseLine(state: Shown, index: number): string {
  const step = state.sweeps.reverse[index]!;
  const id = step.node;
  const head =
    id === state.graph.output
      ? `v̄${sub(id)} = ∂f/∂${nodeName(id)} = 1   (seed: the output)`
      : `v̄${sub(id)} = ${formatNumber(step.adjoint)}   (complete: every user of ${nodeName(id)} has sent its share)${step.agrees ? '' : `   ≠ library ${formatNumber(step.libraryAdjoint)}`}`;
  const flows = step.terms.map((term) => {
    const edge = state.sweeps.edges[term.edge]!;
    return `  v̄${sub(edge.from)} += v̄${sub(id)} · ∂${nodeName(id)}/∂${nodeName(edge.from)} = ${factor(term.carried)} · ${factor(edge.partial)} = ${formatNumber(term.product)}   (∂${nodeName(id)}/∂${nodeName(edge.from)} = ${edge.formula})`;
  });
  return [head, ...flows].join('\n');
}

/** Subscript digits: v̇₃. */
function sub(id: number): string {
  return String(id).replace(/\d/g, (digit) => '₀₁₂₃₄₅₆₇₈₉'[Number(digit)]!);
}

function showStep(): void {
  const state = shown;
  if (state === undefined) return;
  const total = state.graph.nodes.length;
  byId('mode-forward').classList.toggle('active', state.mode === 'forward');
  byId('mode-reverse').classList.toggle('active', state.mode === 'reverse');
  byId('direction-field').hidden = state.mode !== 'forward';
  graphContainer.dataset.mode = state.mode;
  directionSelect.value = String(state.direction);
  trace.replaceChildren();

  if (state.mode === 'forward') {
    const direction = state.parsed.variables[state.direction]!;
    const steps = state.sweeps.forward(direction);
    const done = state.forwardDone;
    for (const step of steps) {
      const id = step.node;
      const state2 = id < done ? (id === done - 1 ? 'current' : 'done') : 'pending';
      state.view.setNode(id, id < done ? `v̇ = ${formatNumber(step.tangent)}` : '', state2);
    }
    for (const edge of state.sweeps.edges) {
      state.view.setEdge(edge.id, formatNumber(edge.partial), done > 0 && edge.to === done - 1);
    }
    for (let id = 0; id < done; id++) trace.append(element('li', forwardLine(state, id)));
    equation.textContent =
      done === 0 ? 'Press “step” to compute the first node’s tangent.' : forwardLine(state, done - 1);
    if (done === total) state.forwardGradient[state.direction] = steps[state.graph.output]!.tangent;
    const passes = state.forwardGradient.filter((value) => value !== undefined).length;
    stepStatus.textContent =
      `Forward pass for direction ${direction}: step ${done} of ${total}. ` +
      (done === total
        ? `Pass complete: ∂f/∂${direction} = v̇${sub(state.graph.output)} = ${formatNumber(steps[state.graph.output]!.tangent)}. `
        : '') +
      `${passes} of ${state.parsed.variables.length} passes done: forward mode needs one pass per input for the whole gradient.`;
    chainRule.textContent =
      'Forward accumulation multiplies the chain rule from the right: ẏ = Φ′ₙ·(…·(Φ′₂·(Φ′₁·ẋ))). Each step applies one elementary partial to tangents already known, so one pass gives one column J·ẋ of the Jacobian.';
  } else {
    const done = state.reverseDone;
    const running = done === 0 ? initialAdjoints(state) : state.sweeps.reverse[done - 1]!.running;
    const finished = new Set(state.sweeps.reverse.slice(0, done).map((step) => step.node));
    const current = done > 0 ? state.sweeps.reverse[done - 1]!.node : -1;
    for (const node of state.graph.nodes) {
      const id = node.id;
      const value = running[id]!;
      const line = finished.has(id)
        ? `v̄ = ${formatNumber(value)}`
        : value !== 0
          ? `v̄ ⟵ ${formatNumber(value)} so far`
          : '';
      state.view.setNode(id, line, id === current ? 'current' : finished.has(id) ? 'done' : 'pending');
    }
    const productOf = new Map<number, number>();
    for (const step of state.sweeps.reverse.slice(0, done)) {
      for (const term of step.terms) productOf.set(term.edge, term.product);
    }
    for (const edge of state.sweeps.edges) {
      const product = productOf.get(edge.id);
      state.view.setEdge(
        edge.id,
        product === undefined ? formatNumber(edge.partial) : `⇣ ${formatNumber(product)}`,
        edge.to === current,
      );
    }
    for (let index = 0; index < done; index++) trace.append(element('li', reverseLine(state, index)));
    equation.textContent =
      done === 0
        ? 'Press “step” to seed the output’s adjoint and send it back.'
        : reverseLine(state, done - 1);
    if (done === total) state.reverseComplete = true;
    stepStatus.textContent =
      `Reverse sweep: step ${done} of ${total}. ` +
      (done === total ? 'Sweep complete: the whole gradient from one sweep (one per output). ' : '') +
      'Adjoints flow from the output back to the inputs; each edge sends v̄ · ∂ (its product) to its argument.';
    chainRule.textContent =
      'Reverse accumulation multiplies the chain rule from the left: x̄ᵀ = ((ȳᵀ·Φ′ₙ)·…·Φ′₂)·Φ′₁. Each step passes a finished adjoint back through its node’s partials, so one sweep gives one row ȳᵀ·J: the whole gradient of a scalar f.';
  }
  showGradient(state);
  graphContainer.querySelector('.node.current')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

function initialAdjoints(state: Shown): Float64Array {
  const adjoints = new Float64Array(state.graph.nodes.length);
  adjoints[state.graph.output] = 1;
  return adjoints;
}

function showGradient(state: Shown): void {
  gradientBody.replaceChildren(
    ...state.parsed.variables.map((name, index) => {
      const row = element('tr');
      row.dataset.variable = name;
      row.append(
        element('th', `∂f/∂${name}`),
        numberCell(state.forwardGradient[index], 'forward'),
        numberCell(state.reverseComplete ? state.sweeps.reverseGradient[index] : undefined, 'reverse'),
        numberCell(state.libraryGradient[index], 'library'),
      );
      return row;
    }),
  );
}

// ------------------------------------------------------------------------------------------------
// The zoo: pass counts as N changes, and drawing a function's graph.

const zooName = byId<HTMLSelectElement>('zoo-name');
const zooSize = byId<HTMLInputElement>('zoo-size');
const zooPasses = byId<HTMLDivElement>('zoo-passes');
const zooError = byId<HTMLParagraphElement>('zoo-error');

for (const entry of ZOO) {
  const option = element('option', `${entry.name} (${entry.kind === 'scalar' ? 'ℝᴺ → ℝ' : 'ℝᴺ → ℝᴹ'})`);
  option.value = entry.name;
  option.title = entry.description;
  zooName.append(option);
}
zooName.value = 'rosenbrock';

function currentZooEntry() {
  return ZOO.find((entry) => entry.name === zooName.value)!;
}

function bar(
  label: string,
  count: number,
  predicted: number,
  largest: number,
  detail: string,
  id: string,
): HTMLElement {
  const row = element('div', undefined, 'pass-row');
  row.dataset.row = id;
  row.dataset.count = String(count);
  const fill = element('div', undefined, 'pass-bar');
  fill.style.width = `${Math.max(0.5, (100 * count) / Math.max(1, largest))}%`;
  const track = element('div', undefined, 'pass-track');
  track.append(fill);
  row.append(
    element('span', label, 'pass-label'),
    track,
    element(
      'span',
      `${count.toLocaleString('en')}${count === predicted ? '' : ` (textbook: ${predicted})`}`,
      'pass-count',
    ),
    element('span', detail, 'pass-detail'),
  );
  return row;
}

function updatePasses(): void {
  const entry = currentZooEntry();
  zooSize.min = String(entry.minSize);
  const size = Number(zooSize.value);
  zooError.textContent = '';
  try {
    if (!Number.isInteger(size) || size < entry.minSize) {
      throw new Error(`${entry.name}: the size must be an integer ≥ ${entry.minSize}`);
    }
    if (entry.inputSize(size) > MAX_PASS_COUNT_INPUTS) {
      throw new Error(
        `${entry.name} at size ${size} has ${entry.inputSize(size)} inputs; the page counts up to ${MAX_PASS_COUNT_INPUTS}`,
      );
    }
    const counts = passCounts(entry.name, size);
    const largest = Math.max(
      counts.forwardOneTangent.count,
      counts.forwardChunked.count,
      counts.reverse.count,
    );
    byId('zoo-shape').textContent =
      `N = ${counts.inputs} inputs, M = ${counts.outputs} output${counts.outputs === 1 ? '' : 's'}: ${entry.description}`;
    zooPasses.replaceChildren(
      bar(
        'forward, 1 tangent per pass',
        counts.forwardOneTangent.count,
        counts.forwardOneTangent.predicted,
        largest,
        'N passes, no tape',
        'forward-one',
      ),
      bar(
        `forward, ${counts.chunkSize} tangents per pass`,
        counts.forwardChunked.count,
        counts.forwardChunked.predicted,
        largest,
        `⌈N/k⌉ = ⌈${counts.inputs}/${counts.chunkSize}⌉ passes, no tape`,
        'forward-chunked',
      ),
      bar(
        'reverse',
        counts.reverse.count,
        counts.reverse.predicted,
        largest,
        `one sweep per output; tape ${formatTapeBytes(counts.reverse.tapeBytes)}`,
        'reverse',
      ),
    );
    zooPasses.dataset.tapeBytes = String(counts.reverse.tapeBytes);
    byId<HTMLButtonElement>('zoo-draw').disabled = entry.kind !== 'scalar';
  } catch (error) {
    zooPasses.replaceChildren();
    zooError.textContent = (error as Error).message;
  }
}

function formatTapeBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB (${bytes.toLocaleString('en')} B)`;
}

/** Puts the zoo function, traced at its sample point, into the expression box and draws it. */
function drawZoo(): void {
  const entry = currentZooEntry();
  if (entry.kind !== 'scalar') return;
  try {
    const instance = entry.instantiate(Number(zooSize.value));
    if (instance.kind !== 'scalar') return;
    const x = instance.sample(seededRandom(1));
    const rounded = Float64Array.from(x, (value) => Number(value.toPrecision(6)));
    rounded.forEach((value, index) => {
      pointValues.set(inputName(index), value);
    });
    expressionInput.value = zooExpression(instance, rounded);
    pointFields.replaceChildren();
    redraw();
  } catch (error) {
    zooError.textContent = (error as Error).message;
  }
}

// ------------------------------------------------------------------------------------------------
// A benchmark run's charts.

const benchCharts = byId<HTMLDivElement>('bench-charts');
const benchError = byId<HTMLParagraphElement>('bench-error');

async function showReport(text: string, origin: string): Promise<void> {
  benchError.textContent = '';
  benchCharts.dataset.state = 'drawing';
  try {
    await showBenchReport(parseBenchReport(text, origin), benchCharts, origin);
    benchCharts.dataset.state = 'drawn';
  } catch (error) {
    benchError.textContent = (error as Error).message;
    benchCharts.dataset.state = 'failed';
  }
}

byId<HTMLInputElement>('bench-file').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file !== undefined) await showReport(await file.text(), file.name);
});

// ------------------------------------------------------------------------------------------------
// Wiring.

let typing: ReturnType<typeof setTimeout> | undefined;
expressionInput.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(redraw, 200);
});
expressionInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    clearTimeout(typing);
    redraw();
  }
});
byId('mode-forward').addEventListener('click', () => setMode('forward'));
byId('mode-reverse').addEventListener('click', () => setMode('reverse'));
byId('step').addEventListener('click', () => stepBy(1));
byId('step-back').addEventListener('click', () => stepBy(-1));
byId('finish').addEventListener('click', () => stepBy(Number.POSITIVE_INFINITY));
byId('reset').addEventListener('click', () => stepBy(Number.NEGATIVE_INFINITY));
directionSelect.addEventListener('change', () => {
  if (shown === undefined) return;
  shown.direction = Number(directionSelect.value);
  shown.forwardDone = 0;
  showStep();
});
zooName.addEventListener('change', () => {
  zooSize.value = String(currentZooEntry().defaultSize);
  updatePasses();
});
zooSize.addEventListener('input', updatePasses);
byId('zoo-draw').addEventListener('click', drawZoo);

expressionInput.value = DEFAULT_EXPRESSION;
zooSize.value = String(currentZooEntry().defaultSize);
redraw();
updatePasses();
void showReport(sampleReport, 'sample report (dualtape bench --quick)');
