/**
 * Recording sessions: which tape a `Var` belongs to and whether its call is still running. Every
 * differentiation call (and every re-recording of a checkpointed segment) opens a session; a `Var` may
 * only meet `Var`s of the session that is recording right now. That is how a `Var` that escaped its call,
 * or one captured from an enclosing call, is caught with a `PerturbationError` instead of producing a
 * wrong number.
 */
import { enterDifferentiation, leaveDifferentiation } from '@dualtape/core';
import type { Tape } from '../../tape.js';

/** One recording: a tape, and what opened it (for error messages). */
export class Session {
  /** False once the call that opened the session has finished recording. */
  open = true;
  /** Core's nesting level of the call that opened it (the order of nested calls across modes). */
  level = 0;

  constructor(
    /** Where this session's operations are recorded; null for a session that must not record. */
    readonly tape: Tape | null,
    /** The call that opened the session, e.g. `'gradient'`, for messages. */
    readonly purpose: string,
    /** True when checkpointed segments are recorded inline (reverse-over-reverse needs every entry). */
    readonly inlineCheckpoints: boolean,
    /**
     * True for a recording that will be replayed at other inputs (`record`, `compileGradient`): reading a
     * variable's `primal` then leaves a guard on the tape (see tape.ts, `PRIMAL_READ`).
     */
    readonly replayable: boolean,
  ) {}
}

/** The session recording right now, or null outside every differentiation call. */
export let currentSession: Session | null = null;

const enclosing: (Session | null)[] = [];

/** Opens a session on `tape` (null: nothing may be recorded) and makes it the current one. */
export function openSession(
  tape: Tape | null,
  purpose: string,
  inlineCheckpoints = false,
  replayable = false,
): Session {
  const session = new Session(tape, purpose, inlineCheckpoints, replayable);
  session.level = enterDifferentiation();
  enclosing.push(currentSession);
  currentSession = session;
  return session;
}

/** Closes the current session (which must be `session`) and restores the enclosing one. */
export function closeSession(session: Session): void {
  if (currentSession !== session) throw new Error('reverse: sessions closed out of order');
  session.open = false;
  currentSession = enclosing.pop() ?? null;
  leaveDifferentiation();
}
