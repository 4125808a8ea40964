/**
 * Small rewrites every code generator relies on: a `continue` of a loop whose update is not empty becomes a
 * `break` out of a block around the loop's body, so that it still runs the update (`for (;;) { B: { … break
 * B; … } update }`); after this, every `continue` goes straight back to its loop's top.
 */
import type { FunctionIR, Statement } from './ir.js';

/** The function with continues of updating loops made into breaks of body blocks. */
export function normalizeContinues(fn: FunctionIR): FunctionIR {
  const rewrite = (statements: readonly Statement[], renamed: ReadonlyMap<string, string>): Statement[] =>
    statements.map((s): Statement => {
      switch (s.kind) {
        case 'continue': {
          const target = renamed.get(s.label);
          return target === undefined ? s : { kind: 'break', label: target, origin: s.origin };
        }
        case 'if':
          return { ...s, whenTrue: rewrite(s.whenTrue, renamed), whenFalse: rewrite(s.whenFalse, renamed) };
        case 'block':
          return { ...s, body: rewrite(s.body, renamed) };
        case 'loop': {
          if (s.update.length === 0 || !continues(s.body, s.label)) {
            return { ...s, body: rewrite(s.body, renamed), update: rewrite(s.update, renamed) };
          }
          const inner = new Map(renamed);
          const bodyLabel = `${s.label}_body`;
          inner.set(s.label, bodyLabel);
          return {
            ...s,
            body: [{ kind: 'block', label: bodyLabel, body: rewrite(s.body, inner), origin: s.origin }],
            update: rewrite(s.update, renamed),
          };
        }
        default:
          return s;
      }
    });
  return { ...fn, body: rewrite(fn.body, new Map()) };
}

function continues(statements: readonly Statement[], label: string): boolean {
  return statements.some((s) => {
    switch (s.kind) {
      case 'continue':
        return s.label === label;
      case 'if':
        return continues(s.whenTrue, label) || continues(s.whenFalse, label);
      case 'block':
        return continues(s.body, label);
      case 'loop':
        return continues(s.body, label) || continues(s.update, label);
      default:
        return false;
    }
  });
}
