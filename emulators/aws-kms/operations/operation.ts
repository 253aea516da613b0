import type { Context } from '../context';
import type { Input, Shape } from '../shapes';

export interface Operation<S extends Shape = Shape> {
  input: S;
  /** A success changes state that --data persists. */
  mutates: boolean;
  handle(ctx: Context, input: Input<S>): object | Promise<object>;
}

/** Keeps each handler's input typed by its own shape inside the one dispatch table. */
export const operation = <S extends Shape>(definition: Operation<S>): Operation =>
  definition as unknown as Operation;
