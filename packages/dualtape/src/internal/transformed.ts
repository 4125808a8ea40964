/**
 * The umbrella's view of source transformation: each function it is given is compiled once (cached by the
 * function, and by its text for functions that carry no scope: what the transform makes of those depends on
 * their text alone), or refused with the transform's reason. A function can carry the values its text reads
 * (`withScope`, as the zoo's do). A function that transforms is what the overloading
 * backends run too, lifted onto core's free functions — so plain JavaScript works in every mode, and code in
 * dualtape's dialect is unchanged by the rewrite. A function that does not transform (a closure over
 * variables, objects, classes) runs as it is.
 */
import type { ScalarFunction, UnivariateFunction, VectorFunction } from '@dualtape/core';
import { type CompiledFunction, compile, SCOPE, SOURCE, TransformError } from '@dualtape/transform';

/** What the transform made of a function. */
export interface Transformed {
  /** The compiled function (for a function of one number: of `[x]`), or undefined when it was refused. */
  readonly compiled: CompiledFunction | undefined;
  /** Why it was refused, in a few words with the position ("'n' is not defined here, at 3:28"). */
  readonly reason: string | undefined;
  /** The TransformError's whole message (with the caret excerpt and what to do). */
  readonly message: string | undefined;
}

/** Texts kept in the text cache at most (closures recreated at every call share their text). */
const TEXT_CACHE_SIZE = 512;

const byFunction = new WeakMap<object, Transformed>();
const byText = new Map<string, Transformed>();

function cached(key: string, make: () => Transformed): Transformed {
  const hit = byText.get(key);
  if (hit !== undefined) return hit;
  const made = make();
  if (byText.size >= TEXT_CACHE_SIZE) byText.delete(byText.keys().next().value!);
  byText.set(key, made);
  return made;
}

function attempt(make: () => CompiledFunction): Transformed {
  try {
    return { compiled: make(), reason: undefined, message: undefined };
  } catch (error) {
    if (!(error instanceof TransformError)) throw error;
    const where =
      error.position === undefined ? '' : `, at ${error.position.line}:${error.position.column + 1}`;
    const gist = error.reason.split(/[:;]/)[0]!.trim();
    return { compiled: undefined, reason: `${gist}${where}`, message: error.message };
  }
}

/**
 * The transform of `f`; `univariate` for a function of one number (`derivative`), which is compiled as the
 * function of `[x]` that calls it.
 */
export function transformed(
  f: UnivariateFunction | ScalarFunction | VectorFunction,
  univariate: boolean,
): Transformed {
  const cache = univariate ? undefined : byFunction.get(f);
  if (cache !== undefined) return cache;
  const text = Function.prototype.toString.call(f);
  const result = univariate
    ? cached(`univariate:${text}`, () =>
        attempt(() => compile('export default function f(x) { return g(x[0]); }', { scope: { g: f } })),
      )
    : SCOPE in f || SOURCE in f
      ? attempt(() => compile(f as (...args: never[]) => unknown))
      : cached(`vector:${text}`, () => attempt(() => compile(f as (...args: never[]) => unknown)));
  if (!univariate) byFunction.set(f, result);
  return result;
}

/**
 * The function the overloading modes run: `f` lifted onto core's free functions when it transforms, `f`
 * itself when it does not.
 */
export function generic<F extends UnivariateFunction | ScalarFunction | VectorFunction>(
  f: F,
  univariate: boolean,
): F {
  const { compiled } = transformed(f, univariate);
  if (compiled === undefined) return f;
  if (!univariate) return compiled.lift as unknown as F;
  const lifted = compiled.lift as unknown as (x: readonly unknown[]) => unknown;
  return ((t: unknown) => lifted([t])) as unknown as F;
}
