/**
 * The one-tangent dual number of forward mode: a value and the derivative of that value along one
 * direction. Every operation reads its value and partial derivatives from core's rule table through
 * `apply1`/`apply2`; this file only combines them with tangents.
 *
 * Value and tangent are plain numbers in an ordinary call (the fast path: plain arithmetic, no generic
 * dispatch) and an enclosing call's numbers when derivatives are nested, where they are combined through
 * core's free functions so second derivatives come from the same rules.
 */
import {
  addTangents,
  type BinaryRule,
  binaryValue,
  type Comparison,
  comparePrimals,
  compareValues,
  nestingLevelOf,
  type Real,
  type Scalar,
  strongZeroProduct,
  strongZeroScale,
  type UnaryRule,
  unaryValue,
} from '@dualtape/core';
import {
  escapedDualError,
  operatorOnDualError,
  type Tag,
  type Tagged,
  tagOf,
  withoutForwardLayers,
} from './tag.js';

/**
 * A dual number `value + tangent·ε` of one differentiation call (its `tag`). Created by `derivative`,
 * `gradient`, `jvp` and friends; a function written with core's free functions computes with it
 * unchanged. Using it after its call has returned throws `PerturbationError`.
 */
export class Dual implements Real, Tagged {
  // `declare` fields are only assigned in the constructor: plain class fields would first be defined as
  // undefined on every one of the millions of duals a pass creates.
  /** The value: a plain number, or an enclosing call's number when derivatives are nested. */
  declare readonly value: Scalar;
  /** The derivative of `value` along the call's seed direction (same kind as `value`). */
  declare readonly tangent: Scalar;
  /** The call that seeded this dual. */
  declare readonly tag: Tag;

  constructor(value: Scalar, tangent: Scalar, tag: Tag) {
    this.value = value;
    this.tangent = tangent;
    this.tag = tag;
  }

  /** The nesting level of its call (core's `nestingLevelOf`): the tag's creation order. */
  get nestingLevel(): number {
    return this.tag.id;
  }

  /** The plain value underneath every layer. */
  get primal(): number {
    const value = this.value;
    return typeof value === 'number' ? value : value.primal;
  }

  /** Throws: JavaScript operators would drop the tangent. Use core's free functions. */
  valueOf(): never {
    throw operatorOnDualError('Dual');
  }

  /** `Dual(value + tangent·ε)`, for printing. */
  toString(): string {
    return `Dual(${String(this.value)} + ${String(this.tangent)}·ε)`;
  }

  apply1(rule: UnaryRule): this {
    const tag = this.tag;
    const x = this.value;
    const tangent = this.tangent;
    // Fast path kept small so the JIT can inline it into the free function, where `rule` is a constant.
    if (tag.fast && typeof x === 'number' && typeof tangent === 'number') {
      const y = rule.value(x);
      return new Dual(y, strongZeroProduct(rule.d(x, y) as number, tangent), tag) as this;
    }
    return this.apply1General(rule) as this;
  }

  apply2(rule: BinaryRule, other: Scalar, thisIsSecond: boolean): this {
    // Small dispatch to small fast paths, so the JIT can inline them into the free function, where
    // `rule` is a constant and its value and partials inline too.
    if (other instanceof Dual) return this.withDual(rule, other, thisIsSecond) as this;
    if (typeof other === 'number') {
      return (thisIsSecond ? this.afterConstant(rule, other) : this.beforeConstant(rule, other)) as this;
    }
    return this.apply2General(rule, other, thisIsSecond) as this;
  }

  compare(comparison: Comparison, other: Scalar, thisIsSecond: boolean): boolean {
    const mine = withoutForwardLayers(this, comparison);
    const theirs = withoutForwardLayers(other, comparison);
    if (typeof mine === 'number' && typeof theirs === 'number') {
      return thisIsSecond
        ? comparePrimals(comparison, theirs, mine)
        : comparePrimals(comparison, mine, theirs);
    }
    return thisIsSecond ? compareValues(comparison, theirs, mine) : compareValues(comparison, mine, theirs);
  }

  /** `this ∘ other` for a constant `other`: only ∂/∂a is evaluated. */
  private beforeConstant(rule: BinaryRule, other: number): Real {
    const tag = this.tag;
    const x = this.value;
    const tangent = this.tangent;
    if (!tag.fast || typeof x !== 'number' || typeof tangent !== 'number') {
      return this.apply2General(rule, other, false);
    }
    const y = rule.value(x, other);
    return new Dual(y, strongZeroProduct(rule.da(x, other, y) as number, tangent), tag);
  }

  /** `other ∘ this` for a constant `other`: only ∂/∂b is evaluated. */
  private afterConstant(rule: BinaryRule, other: number): Real {
    const tag = this.tag;
    const x = this.value;
    const tangent = this.tangent;
    if (!tag.fast || typeof x !== 'number' || typeof tangent !== 'number') {
      return this.apply2General(rule, other, true);
    }
    const y = rule.value(other, x);
    return new Dual(y, strongZeroProduct(rule.db(other, x, y) as number, tangent), tag);
  }

  /** Two duals; the fast path is two plain-number duals of the same call. */
  private withDual(rule: BinaryRule, other: Dual, thisIsSecond: boolean): Real {
    const tag = this.tag;
    const first = thisIsSecond ? other : this;
    const second = thisIsSecond ? this : other;
    const a = first.value;
    const b = second.value;
    const ta = first.tangent;
    const tb = second.tangent;
    if (
      !tag.fast ||
      other.tag !== tag ||
      typeof a !== 'number' ||
      typeof b !== 'number' ||
      typeof ta !== 'number' ||
      typeof tb !== 'number'
    ) {
      return this.apply2General(rule, other, thisIsSecond);
    }
    const y = rule.value(a, b);
    const tangent =
      strongZeroProduct(rule.da(a, b, y) as number, ta) + strongZeroProduct(rule.db(a, b, y) as number, tb);
    return new Dual(y, tangent, tag);
  }

  /** Every case of `apply1`: escaped duals, watched tags, and layers that are an enclosing call's numbers. */
  private apply1General(rule: UnaryRule): Dual {
    const tag = this.tag;
    if (!tag.active) throw escapedDualError(rule.name);
    const x = this.value;
    const y = unaryValue(rule, x);
    const partial = rule.d(x, y);
    const tangent = strongZeroScale(partial, this.tangent);
    tag.watch?.check(rule, [x], y, [partial], [this.tangent], tangent);
    return new Dual(y, tangent, tag);
  }

  /** Every case of `apply2`: escaped duals, other tags, and layers that are an enclosing call's numbers. */
  private apply2General(rule: BinaryRule, other: Scalar, thisIsSecond: boolean): Real {
    const tag = this.tag;
    if (!tag.active) throw escapedDualError(rule.name);
    const otherTag = tagOf(other);
    if (otherTag !== undefined && otherTag !== tag) {
      if (!otherTag.active) throw escapedDualError(rule.name);
      // The newer call's dual is the outer structure; this one is a constant inside it.
      if (otherTag.id > tag.id) return (other as Real).apply2(rule, this, !thisIsSecond);
    } else if (otherTag === undefined && typeof other !== 'number' && nestingLevelOf(other) > tag.id) {
      // Another mode's number of a newer call (a reverse-mode variable of a gradient taken inside f, the
      // tape carrying this dual): it owns the operation and treats this dual as its constant.
      return other.apply2(rule, this, !thisIsSecond);
    }
    const x = this.value;
    const tangent = this.tangent;
    if (otherTag === tag) {
      const second = other as Dual;
      const a = thisIsSecond ? second.value : x;
      const b = thisIsSecond ? x : second.value;
      const ta = thisIsSecond ? second.tangent : tangent;
      const tb = thisIsSecond ? tangent : second.tangent;
      const y = binaryValue(rule, a, b);
      const da = rule.da(a, b, y);
      const db = rule.db(a, b, y);
      const sum = addTangents(strongZeroScale(da, ta), strongZeroScale(db, tb));
      tag.watch?.check(rule, [a, b], y, [da, db], [ta, tb], sum);
      return new Dual(y, sum, tag);
    }
    // `other` is a constant for this call: only the partial with respect to `this` is needed.
    const a = thisIsSecond ? other : x;
    const b = thisIsSecond ? x : other;
    const y = binaryValue(rule, a, b);
    const partial = thisIsSecond ? rule.db(a, b, y) : rule.da(a, b, y);
    const result = strongZeroScale(partial, tangent);
    if (tag.watch !== null) {
      const partials = thisIsSecond ? [0, partial] : [partial, 0];
      tag.watch.check(
        rule,
        [a, b],
        y,
        partials,
        thisIsSecond ? [undefined, tangent] : [tangent, undefined],
        result,
      );
    }
    return new Dual(y, result, tag);
  }
}
